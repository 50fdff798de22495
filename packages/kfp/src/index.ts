export {
  type AcceleratorOptions,
  type AcceleratorPlacement,
  kubernetesAccelerators,
  placeAccelerator,
  vertexAccelerators,
} from "./accelerators.ts";
export { type CompiledPipeline, compilePipelineSpec, kfpProblems } from "./compile.ts";
export { bindImage, UNBOUND_IMAGE } from "./image.ts";
export type {
  ComponentSpec,
  ContainerSpec,
  JsonValue,
  KubernetesExecutorConfig,
  ParameterSpec,
  ParameterType,
  PipelineSpec,
  PipelineTaskSpec,
  PlatformSpec,
  ResourceSpec,
  RetryPolicy,
  Toleration,
} from "./ir.ts";
export { KFP_LIMITS } from "./limits.ts";
export { componentName, executorLabel, type NameMapping, sanitizeParamName, sanitizeTaskName } from "./names.ts";
export type { CompileOptions } from "./options.ts";
export { inputPlaceholder, PARAMETER_TYPES, type PipelineParameter } from "./params.ts";
export { toJson, toYaml } from "./serialize.ts";
export { SDK_VERSION } from "./version.ts";
