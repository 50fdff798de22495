export type { ExecutionPlan, PlanDataset, PlanStep } from "../plan/plan.ts";
export type { ErrorInfo, RunEvent } from "../runner/events.ts";
export type {
  ArtifactRef,
  Capabilities,
  CapabilityName,
  CompiledSpec,
  JsonValue,
  Logger,
  LogLine,
  PluginContext,
  RunHandle,
  RunnerPlugin,
  RunState,
  RunStatus,
  Stability,
  StepPlacement,
  StepStatus,
} from "./contract.ts";
export { TERMINAL_STATES } from "./contract.ts";
export { defineRunnerPlugin } from "./define.ts";
export { factoryName, installCommand, installedTargetNames, loadTarget, packagesFor } from "./discover.ts";
export {
  type Phase,
  type PluginRuntime,
  pluginError,
  validatePluginOptions,
  wrapPlugin,
} from "./wrap.ts";
