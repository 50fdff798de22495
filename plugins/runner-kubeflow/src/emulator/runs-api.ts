import { randomUUID } from "node:crypto";
import { type ReadSpec, resolveParameters } from "@ferry/kfp/interpreter";
import { executeRun } from "./execute.ts";
import { ApiError, now, onlyFields } from "./http.ts";
import { listPage } from "./list.ts";
import { type RunRecord, runView } from "./records.ts";
import { type EmulatorState, namespaceOf, readSubmittedSpec } from "./state.ts";

const RUN_FIELDS = [
  "experiment_id",
  "run_id",
  "display_name",
  "storage_state",
  "description",
  "pipeline_version_id",
  "pipeline_spec",
  "pipeline_version_reference",
  "runtime_config",
  "service_account",
  "created_at",
  "scheduled_at",
  "finished_at",
  "state",
  "error",
  "run_details",
  "recurring_run_id",
  "state_history",
];

const DEFAULT_PIPELINE_ROOT = "minio://mlpipeline/v2/artifacts";

function specOfVersion(
  state: EmulatorState,
  ref: unknown,
): { spec: ReadSpec; ref: RunRecord["pipeline_version_reference"] } {
  const { pipeline_id, pipeline_version_id } = (ref ?? {}) as Record<string, unknown>;
  const version = typeof pipeline_version_id === "string" ? state.versions.get(pipeline_version_id) : undefined;
  if (version === undefined || version.pipeline_id !== pipeline_id) {
    throw new ApiError(
      404,
      `Failed to create a run: pipeline version ${String(pipeline_version_id)} of pipeline ${String(pipeline_id)} not found`,
    );
  }
  return {
    spec: readSubmittedSpec(version.pipeline_spec, "pipeline version"),
    ref: { pipeline_id: version.pipeline_id, pipeline_version_id: version.pipeline_version_id },
  };
}

/** `POST /apis/v2beta1/runs`: validate like the API server, store the run, start it. */
export function createRun(state: EmulatorState, body: Record<string, unknown>): Record<string, unknown> {
  onlyFields(body, RUN_FIELDS, "v2beta1.Run");
  const displayName = body.display_name;
  if (typeof displayName !== "string" || displayName.trim() === "") {
    throw new ApiError(400, "Invalid input error: the run's display_name is empty; it is required");
  }
  const experimentId = typeof body.experiment_id === "string" ? body.experiment_id : "";
  if (experimentId === "" && state.multiUser) {
    throw new ApiError(400, "Invalid input error: Experiment id can not be empty in multi-user mode");
  }
  const experiment = experimentId === "" ? undefined : state.experiments.get(experimentId);
  if (experimentId !== "" && experiment === undefined) {
    throw new ApiError(404, `Failed to create a run: experiment ${experimentId} not found`);
  }
  const config = (body.runtime_config ?? {}) as Record<string, unknown>;
  onlyFields(config, ["parameters", "pipeline_root"], "v2beta1.RuntimeConfig");
  if (body.pipeline_spec === undefined && body.pipeline_version_reference === undefined) {
    throw new ApiError(400, "Invalid input error: a run needs pipeline_spec or pipeline_version_reference");
  }
  const { spec, ref } =
    body.pipeline_spec !== undefined
      ? { spec: readSubmittedSpec(body.pipeline_spec, "pipeline_spec"), ref: undefined }
      : specOfVersion(state, body.pipeline_version_reference);
  const parameters = (config.parameters ?? {}) as Record<string, unknown>;
  const resolved = resolveParameters(spec, parameters);
  if (resolved.problems.length > 0) {
    const problems = resolved.problems.map((p) => p.replace(/^parameterValues\./, "runtime_config.parameters."));
    throw new ApiError(400, `Invalid input error: ${problems.join("; ")}`);
  }
  const pipelineRoot =
    typeof config.pipeline_root === "string" && config.pipeline_root !== ""
      ? config.pipeline_root
      : DEFAULT_PIPELINE_ROOT;
  const at = now();
  const run: RunRecord = {
    run_id: randomUUID(),
    display_name: displayName,
    ...(typeof body.description === "string" ? { description: body.description } : {}),
    experiment_id: experiment?.experiment_id ?? "",
    namespace: experiment?.namespace ?? "",
    ...(body.pipeline_spec !== undefined ? { pipeline_spec: body.pipeline_spec } : {}),
    ...(ref ? { pipeline_version_reference: ref } : {}),
    runtime_config: { parameters, pipeline_root: pipelineRoot },
    ...(typeof body.service_account === "string" && body.service_account
      ? { service_account: body.service_account }
      : {}),
    ...(typeof body.recurring_run_id === "string" && body.recurring_run_id
      ? { recurring_run_id: body.recurring_run_id }
      : {}),
    created_at: at,
    scheduled_at: at,
    state: "PENDING",
    state_history: [{ update_time: at, state: "PENDING" }],
    tasks: new Map(),
    logs: [],
    controller: new AbortController(),
    done: Promise.resolve(),
  };
  state.runs.set(run.run_id, run);
  // Answer first, as the API server does: the run starts after it is stored.
  run.done = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => executeRun(run, spec, resolved.values, state.host))
    .catch((error: unknown) => {
      run.state = "FAILED";
      run.error = {
        code: 13,
        message: `The emulator failed to run the pipeline: ${(error as Error).message}`,
        details: [],
      };
    });
  return runView(run);
}

export function getRun(state: EmulatorState, id: string): RunRecord {
  const run = state.runs.get(id);
  if (run === undefined) throw new ApiError(404, `Failed to get run: run ${id} not found`);
  return run;
}

const RUN_KEYS = new Set(["display_name", "run_id", "experiment_id", "state", "created_at", "storage_state"]);

/** `GET /apis/v2beta1/runs`: by namespace and experiment, then the filter. */
export function listRuns(state: EmulatorState, query: URLSearchParams): Record<string, unknown> {
  const namespace = namespaceOf(state, query.get("namespace") ?? "", "listing runs");
  const experiment = query.get("experiment_id") ?? "";
  const candidates = [...state.runs.values()]
    .filter(
      (r) => (experiment === "" || r.experiment_id === experiment) && (namespace === "" || r.namespace === namespace),
    )
    .map((r) => ({ ...runView(r), storage_state: "AVAILABLE" }));
  const page = listPage(candidates, query, RUN_KEYS);
  return {
    runs: page.items,
    total_size: page.total_size,
    ...(page.next_page_token ? { next_page_token: page.next_page_token } : {}),
  };
}

/** `POST /apis/v2beta1/runs/{id}:terminate`: CANCELING now, CANCELED once its processes stop. */
export function terminateRun(state: EmulatorState, id: string): Record<string, unknown> {
  const run = getRun(state, id);
  if (run.state === "PENDING" || run.state === "RUNNING" || run.state === "PAUSED") {
    run.state = "CANCELING";
    run.state_history.push({ update_time: now(), state: "CANCELING" });
    run.controller.abort();
  }
  return {};
}
