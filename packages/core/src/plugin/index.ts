export type { ExecutionPlan, PlanDataset, PlanStep } from "../plan/plan.ts";
export type { ErrorInfo, RunEvent } from "../runner/events.ts";
export type {
  ArtifactRef,
  Capabilities,
  CapabilityName,
  CompiledSpec,
  Installed,
  JsonValue,
  Logger,
  LogLine,
  PluginContext,
  RunHandle,
  RunnerPlugin,
  RunState,
  RunStatus,
  ScheduleRequest,
  Stability,
  StartEmulator,
  StepPlacement,
  StepStatus,
  TargetEmulator,
} from "./contract.ts";
export { TERMINAL_STATES } from "./contract.ts";
export { defineRunnerPlugin } from "./define.ts";
export {
  factoryName,
  installCommand,
  installedTargetNames,
  loadEmulator,
  loadTarget,
  packagesFor,
} from "./discover.ts";
export {
  type Phase,
  type PluginRuntime,
  pluginError,
  validatePluginOptions,
  wrapPlugin,
} from "./wrap.ts";
