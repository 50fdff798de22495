import type { CompiledSpec, ExecutionPlan } from "@ferry/core/plugin";
import {
  type CompiledPipeline,
  type CompileOptions,
  compilePipelineSpec,
  kubernetesAccelerators,
  type Toleration,
  toYaml,
  UNBOUND_IMAGE,
} from "@ferry/kfp";
import type { KubeflowOptions, KubeflowToleration } from "./options.ts";

/** The pipeline file: the PipelineSpec, then the Kubernetes PlatformSpec when there is one. */
export const PIPELINE_FILE = "pipeline.yaml";
/** What submit and poll need besides the spec. */
export const RUN_FILE = "kubeflow-run.json";

/** The content of {@link RUN_FILE}. */
export interface RunFile {
  /** `pipelineInfo.name`, also the name a deployed pipeline gets. */
  readonly pipelineName: string;
  /** The run's display name on KFP; it holds the Ferry run id, which is how a retried submit finds the run. */
  readonly displayName: string;
  readonly description: string;
  /** The experiment the run is filed under. */
  readonly experiment: string;
  /** KFP task name → Ferry step id, to read task states back as step states. */
  readonly taskToStep: Readonly<Record<string, string>>;
  readonly warnings: readonly string[];
}

const toleration = (t: KubeflowToleration): Toleration => ({
  ...(t.key === undefined ? {} : { key: t.key }),
  ...(t.operator === undefined ? {} : { operator: t.operator }),
  ...(t.value === undefined ? {} : { value: t.value }),
  ...(t.effect === undefined ? {} : { effect: t.effect }),
});

/** What @ferry/kfp compiles with for this target (the image is bound at submit: compile runs before package). */
export function compileOptions(plan: ExecutionPlan, options: KubeflowOptions): CompileOptions {
  const gpu = options.accelerators;
  return {
    image: UNBOUND_IMAGE,
    platform: "kubernetes",
    accelerators: kubernetesAccelerators({
      ...(gpu?.resource === undefined ? {} : { resource: gpu.resource }),
      ...(gpu?.nodeSelectorLabel === undefined ? {} : { nodeSelectorLabel: gpu.nodeSelectorLabel }),
      ...(gpu?.values === undefined ? {} : { values: gpu.values }),
      ...(gpu?.tolerations === undefined ? {} : { tolerations: gpu.tolerations.map(toleration) }),
    }),
    caching: options.caching,
    paramTypes: options.paramTypes,
    description: `Ferry pipeline '${plan.pipeline}' of project '${plan.project.name}'`,
  };
}

/** The plan compiled for KFP: the pipeline file's content and its run metadata. */
export function compileKubeflow(
  plan: ExecutionPlan,
  options: KubeflowOptions,
): { compiled: CompiledPipeline; spec: CompiledSpec } {
  const compiled = compilePipelineSpec(plan, compileOptions(plan, options));
  const pipelineName = compiled.spec.pipelineInfo.name;
  const run: RunFile = {
    pipelineName,
    displayName: `${pipelineName} ${plan.runId}`,
    description: `Ferry run ${plan.runId} of pipeline '${plan.pipeline}' (project '${plan.project.name}')`,
    experiment: options.experiment ?? plan.project.name,
    taskToStep: compiled.names.taskToStep,
    warnings: compiled.warnings,
  };
  const edges = plan.steps.reduce((n, s) => n + s.dependsOn.length, 0);
  return {
    compiled,
    spec: {
      files: { [PIPELINE_FILE]: toYaml(compiled), [RUN_FILE]: `${JSON.stringify(run, null, 2)}\n` },
      summary: `${plan.steps.length} tasks, ${edges} edges, pipeline '${pipelineName}'${compiled.platformSpec ? " with a Kubernetes platform spec" : ""}`,
    },
  };
}
