/**
 * The part of the KFP v2 IR (`ml_pipelines.PipelineSpec`, schemaVersion 2.1.0) that Ferry
 * emits, in its proto3 JSON form (lowerCamelCase). Source: kubeflow/pipelines
 * `api/v2alpha1/pipeline_spec.proto`, as shipped in the `kfp-pipeline-spec` package.
 */

/** `ParameterType.ParameterTypeEnum` values a pipeline parameter can have. */
export type ParameterType = "NUMBER_INTEGER" | "NUMBER_DOUBLE" | "STRING" | "BOOLEAN" | "STRUCT" | "LIST";

/** A `google.protobuf.Value` in JSON form. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface ParameterSpec {
  readonly parameterType: ParameterType;
  readonly defaultValue?: JsonValue;
  readonly isOptional?: boolean;
  readonly description?: string;
}

export interface ComponentSpec {
  readonly inputDefinitions?: { readonly parameters: Readonly<Record<string, ParameterSpec>> };
  readonly executorLabel?: string;
  readonly dag?: { readonly tasks: Readonly<Record<string, PipelineTaskSpec>> };
}

export interface RetryPolicy {
  readonly maxRetryCount: number;
  /** A `google.protobuf.Duration` in JSON form: `"30s"`. */
  readonly backoffDuration: string;
  readonly backoffFactor: number;
  readonly backoffMaxDuration: string;
}

export interface PipelineTaskSpec {
  readonly taskInfo: { readonly name: string };
  readonly componentRef: { readonly name: string };
  readonly dependentTasks?: readonly string[];
  readonly inputs?: {
    readonly parameters: Readonly<Record<string, { readonly componentInputParameter: string }>>;
  };
  readonly cachingOptions: { readonly enableCache?: true };
  readonly retryPolicy?: RetryPolicy;
}

export interface ResourceSpec {
  /** Deprecated doubles, still read by older backends; the KFP SDK emits them beside the strings. */
  readonly cpuLimit?: number;
  /** In GB (10^9 bytes). */
  readonly memoryLimit?: number;
  readonly resourceCpuLimit?: string;
  readonly resourceMemoryLimit?: string;
  readonly accelerator?: {
    readonly resourceType: string;
    readonly resourceCount: string;
    /** Deprecated forms of the two above (count is an int64, so a string in JSON). */
    readonly type: string;
    readonly count: string;
  };
}

export interface ContainerSpec {
  readonly image: string;
  readonly command: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly { readonly name: string; readonly value: string }[];
  readonly resources?: ResourceSpec;
}

export interface PipelineSpec {
  readonly pipelineInfo: { readonly name: string; readonly displayName?: string; readonly description?: string };
  readonly sdkVersion: string;
  readonly schemaVersion: "2.1.0";
  readonly components: Readonly<Record<string, ComponentSpec>>;
  readonly deploymentSpec: {
    readonly executors: Readonly<Record<string, { readonly container: ContainerSpec }>>;
  };
  readonly root: ComponentSpec & { readonly dag: NonNullable<ComponentSpec["dag"]> };
  readonly defaultPipelineRoot?: string;
}

/** A Kubernetes toleration (kfp-kubernetes `Toleration`). */
export interface Toleration {
  readonly key?: string;
  readonly operator?: "Exists" | "Equal";
  readonly value?: string;
  readonly effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** kfp-kubernetes `KubernetesExecutorConfig`, the fields Ferry sets. */
export interface KubernetesExecutorConfig {
  readonly nodeSelector?: { readonly labels: Readonly<Record<string, string>> };
  readonly tolerations?: readonly Toleration[];
  /** int64, so a string in JSON: `"3600"`. */
  readonly activeDeadlineSeconds?: string;
}

/**
 * The second document of a KFP pipeline file, read by the KFP backend only (Vertex AI
 * ignores it): per-executor Kubernetes settings.
 */
export interface PlatformSpec {
  readonly platforms: {
    readonly kubernetes: {
      readonly deploymentSpec: { readonly executors: Readonly<Record<string, KubernetesExecutorConfig>> };
    };
  };
}
