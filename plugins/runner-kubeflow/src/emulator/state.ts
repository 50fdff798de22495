import type { ReadSpec } from "@ferry/kfp/interpreter";
import { readPipelineSpec } from "@ferry/kfp/interpreter";
import type { TaskHost } from "./execute.ts";
import { ApiError } from "./http.ts";
import type { ExperimentRecord, PipelineRecord, RecurringRunRecord, RunRecord, VersionRecord } from "./records.ts";

/** Everything one emulator holds. */
export interface EmulatorState {
  readonly runs: Map<string, RunRecord>;
  readonly experiments: Map<string, ExperimentRecord>;
  readonly pipelines: Map<string, PipelineRecord>;
  readonly versions: Map<string, VersionRecord>;
  readonly recurringRuns: Map<string, RecurringRunRecord>;
  /** Multi-user mode: runs need an experiment, experiments and pipelines a namespace. */
  readonly multiUser: boolean;
  readonly host: TaskHost;
}

export function createState(multiUser: boolean, host: TaskHost): EmulatorState {
  return {
    runs: new Map(),
    experiments: new Map(),
    pipelines: new Map(),
    versions: new Map(),
    recurringRuns: new Map(),
    multiUser,
    host,
  };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The IR of a submitted `pipeline_spec` Struct, which is the IR itself or, with a platform
 * spec, `{pipeline_spec, platform_spec}` (the API server's pipelineSpecStructToYamlString),
 * read and checked as the KFP backend would. Invalid specs are a 400 listing every problem.
 */
export function readSubmittedSpec(value: unknown, field: string, upload = false): ReadSpec {
  if (!isObj(value))
    throw new ApiError(400, `Invalid input error: ${field} must be an object (the PipelineSpec)`, upload);
  const wrapped = "pipeline_spec" in value;
  if (wrapped) {
    const extra = Object.keys(value).filter((k) => k !== "pipeline_spec" && k !== "platform_spec");
    if (extra.length > 0) {
      throw new ApiError(
        400,
        `Invalid input error: ${field} wraps the spec as {pipeline_spec, platform_spec}; unexpected ${extra.join(", ")}`,
        upload,
      );
    }
    if (value.platform_spec !== undefined && !isObj(value.platform_spec)) {
      throw new ApiError(400, `Invalid input error: ${field}.platform_spec must be an object`, upload);
    }
  }
  const { spec, problems } = readPipelineSpec(wrapped ? value.pipeline_spec : value);
  if (spec === undefined) {
    throw new ApiError(400, `Invalid input error: the pipeline spec is invalid: ${problems.join("; ")}`, upload);
  }
  return spec;
}

/** The namespace a request names, as multi-user mode requires it. */
export function namespaceOf(state: EmulatorState, namespace: unknown, what: string): string {
  const ns = typeof namespace === "string" ? namespace : "";
  if (state.multiUser && ns === "") {
    throw new ApiError(400, `Invalid input error: ${what}: namespace is empty; it is required in multi-user mode`);
  }
  return ns;
}

/** The API server's length limits (apiserver/validation/length.go), as its 400 words them. */
export function checkLength(model: string, field: string, value: string, max: number, upload = false): void {
  if (value.length > max)
    throw new ApiError(400, `Invalid input error: ${model}.${field} length cannot exceed ${max}`, upload);
}
