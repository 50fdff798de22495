export {
  type ContainerRunner,
  type ExecuteOptions,
  type ExecuteResult,
  executeSpec,
  resolveParameters,
  type TaskLaunch,
  type TaskState,
  type TaskUpdate,
} from "./execute.ts";
export { type ImageRunnerOptions, imageRunner } from "./image-runner.ts";
export { type PlaceholderValues, renderPlaceholders, unknownPlaceholders } from "./placeholders.ts";
export { type ReadSpec, readPipelineSpec, type SpecParameter, type SpecTask } from "./read-spec.ts";
