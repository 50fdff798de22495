import type { CompiledSpec, ExecutionPlan } from "@ferry/core/plugin";
import { type CompileOptions, compilePipelineSpec, toJson, UNBOUND_IMAGE, vertexAccelerators } from "@ferry/kfp";
import type { VertexOptions } from "./options.ts";
import { placeStep, vertexStep } from "./placement.ts";

/** What submit needs besides the spec; the file `vertex-job.json`. */
export interface JobFile {
  readonly displayName: string;
  readonly pipelineName: string;
  /** KFP task name → Ferry step id, to report per-step states. */
  readonly taskToStep: Readonly<Record<string, string>>;
  readonly warnings: readonly string[];
}

export const SPEC_FILE = "pipeline.json";
export const JOB_FILE = "vertex-job.json";

export function compileOptions(plan: ExecutionPlan, options: VertexOptions): CompileOptions {
  return {
    image: UNBOUND_IMAGE, // bound to the pushed image at submit: compile runs before package
    accelerators: vertexAccelerators({ defaultType: options.defaultGpuType }),
    caching: options.caching,
    paramTypes: options.paramTypes,
    description: `Ferry pipeline '${plan.pipeline}' of project '${plan.project.name}'`,
  };
}

/** The plan with each step as Vertex AI is asked for it (see `vertexStep`). */
export function asPlaced(plan: ExecutionPlan, options: VertexOptions): ExecutionPlan {
  return { ...plan, steps: plan.steps.map((s) => vertexStep(s, placeStep(s, options), options)) };
}

/** The plan as Vertex AI runs it: the files (the PipelineSpec as JSON, the job's metadata) and that metadata. */
export function compileVertex(plan: ExecutionPlan, options: VertexOptions): { spec: CompiledSpec; job: JobFile } {
  const compiled = compilePipelineSpec(asPlaced(plan, options), compileOptions(plan, options));
  const job: JobFile = {
    displayName: [plan.project.name, plan.pipeline === "__default__" ? undefined : plan.pipeline, options.experiment]
      .filter(Boolean)
      .join(" · "),
    pipelineName: compiled.spec.pipelineInfo.name,
    taskToStep: compiled.names.taskToStep,
    warnings: compiled.warnings,
  };
  const edges = plan.steps.reduce((n, s) => n + s.dependsOn.length, 0);
  return {
    spec: {
      files: { [SPEC_FILE]: toJson(compiled.spec), [JOB_FILE]: `${JSON.stringify(job, null, 2)}\n` },
      summary: `${plan.steps.length} tasks, ${edges} edges, pipeline '${job.pipelineName}'`,
    },
    job,
  };
}
