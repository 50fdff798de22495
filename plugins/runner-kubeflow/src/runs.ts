import { FerryError } from "@ferry/core";
import type { ArtifactRef, CompiledSpec, ErrorInfo, RunHandle, RunStatus, StepStatus } from "@ferry/core/plugin";
import { bindPipeline } from "./bound.ts";
import { type Connection, equalsFilter, KfpHttpError, kfp } from "./client.ts";
import { experimentId } from "./experiments.ts";
import type { KubeflowOptions } from "./options.ts";
import { runState, taskState, timeOf } from "./states.ts";

/** The parts of a v2beta1 `Run` Ferry reads. */
interface KfpRun {
  readonly run_id?: string;
  readonly display_name?: string;
  readonly state?: string;
  readonly error?: { readonly message?: string };
  readonly run_details?: { readonly task_details?: readonly KfpTask[] };
}

interface KfpTask {
  readonly display_name?: string;
  readonly state?: string;
  readonly create_time?: string;
  readonly start_time?: string;
  readonly end_time?: string;
  readonly error?: { readonly message?: string };
}

/** The KFP UI's page of a run. */
export const runPage = (options: Pick<KubeflowOptions, "url">, id: string) => `${options.url}/#/runs/details/${id}`;

/** The run KFP already has under this display name (an earlier attempt of this submit), if any. */
async function findRun(connection: Connection, displayName: string, experiment: string): Promise<KfpRun | undefined> {
  const { runs = [] } = await kfp<{ runs?: KfpRun[] }>(connection, {
    method: "GET",
    path: "/runs",
    query: {
      namespace: connection.namespace,
      experiment_id: experiment,
      filter: equalsFilter("display_name", displayName),
      page_size: 10,
    },
    phase: "submit",
    what: `look for an earlier submit of run '${displayName}'`,
  });
  return runs.find((r) => r.display_name === displayName);
}

/**
 * Start the compiled pipeline as a KFP run, or find the one an earlier attempt started. KFP
 * has no idempotency token: the run's display name holds the Ferry run id, and we look
 * before we create.
 */
export async function submitRun(
  options: KubeflowOptions,
  compiled: CompiledSpec,
  artifact: ArtifactRef,
  runId: string,
): Promise<RunHandle> {
  const bound = bindPipeline(compiled, artifact, "submit");
  const { run } = bound;
  const experiment = await experimentId(options, run.experiment, "submit");
  let kfpRun = await findRun(options, run.displayName, experiment);
  kfpRun ??= await kfp<KfpRun>(options, {
    method: "POST",
    path: "/runs",
    json: {
      display_name: run.displayName,
      description: run.description,
      experiment_id: experiment,
      pipeline_spec: bound.platformSpec ? { pipeline_spec: bound.spec, platform_spec: bound.platformSpec } : bound.spec,
      runtime_config: { parameters: {}, pipeline_root: options.storageRoot },
      ...(options.serviceAccount ? { service_account: options.serviceAccount } : {}),
    },
    phase: "submit",
    what: `create the run '${run.displayName}'`,
  });
  const id = kfpRun.run_id;
  if (!id) throw new Error(`KFP created the run '${run.displayName}' but returned no run_id.`);
  return {
    target: "kubeflow",
    runId,
    url: runPage(options, id),
    pollAfterMs: options.pollIntervalMs,
    data: { runId: id, experimentId: experiment, taskToStep: run.taskToStep },
  };
}

function kfpRunId(handle: RunHandle, phase: string): string {
  const id = handle.data?.runId;
  if (typeof id === "string" && id !== "") return id;
  throw new FerryError("PLUGIN_ERROR", {
    message: `The run handle of Ferry run ${handle.runId} names no KFP run (data.runId).`,
    hint: "The run record was not written by the kubeflow target; submit the run again.",
    details: { plugin: "kubeflow", phase },
  });
}

function runGone(
  options: KubeflowOptions,
  handle: RunHandle,
  id: string,
  phase: string,
  cause: KfpHttpError,
): FerryError {
  return new FerryError("RUN_NOT_FOUND", {
    message: `Kubeflow Pipelines at ${options.url} has no run ${id} (Ferry run ${handle.runId}): it was deleted, or these options reach another KFP instance or namespace. KFP said: ${cause.serverMessage}`,
    hint: `Check url and namespace in the kubeflow target options against where the run was submitted${handle.url ? ` (${handle.url})` : ""}.`,
    details: { plugin: "kubeflow", phase },
  });
}

/** One read of the run: its state, and each Ferry task's state, times and error. */
export async function pollRun(options: KubeflowOptions, handle: RunHandle): Promise<RunStatus> {
  const id = kfpRunId(handle, "poll");
  const run = await kfp<KfpRun>(options, {
    method: "GET",
    path: `/runs/${encodeURIComponent(id)}`,
    phase: "poll",
    what: `read the run ${id}`,
  }).catch((error: unknown) => {
    throw error instanceof KfpHttpError && error.status === 404 ? runGone(options, handle, id, "poll", error) : error;
  });
  const taskToStep = (handle.data?.taskToStep ?? {}) as Readonly<Record<string, string>>;
  const steps: Record<string, StepStatus> = {};
  let failed: { step: string; message: string } | undefined;
  // The root DAG and the driver entries have display names that are not Ferry tasks: skipped.
  for (const task of run.run_details?.task_details ?? []) {
    const step = taskToStep[task.display_name ?? ""];
    if (step === undefined) continue;
    const state = taskState(task.state);
    const startedAt = timeOf(task.start_time) ?? (state === "queued" ? undefined : timeOf(task.create_time));
    const endedAt = state === "running" || state === "queued" ? undefined : timeOf(task.end_time);
    const message = task.error?.message || `Task '${task.display_name}' ${String(task.state).toLowerCase()}.`;
    steps[step] = {
      state,
      ...(startedAt === undefined ? {} : { startedAt }),
      ...(endedAt === undefined ? {} : { endedAt }),
      ...(state === "failed" ? { error: { code: "NODE_FAILED", message, node: step } } : {}),
    };
    if (state === "failed") failed ??= { step, message };
  }
  const state = runState(run.state);
  let error: ErrorInfo | undefined;
  if (state === "failed") {
    const where = handle.url ?? `run ${id}`;
    error = failed
      ? {
          code: "NODE_FAILED",
          message: `Step '${failed.step}' failed on Kubeflow Pipelines: ${failed.message} (${where})`,
          node: failed.step,
        }
      : { code: "NODE_FAILED", message: `The KFP run failed: ${run.error?.message || "no reason given"} (${where})` };
  }
  return { state, steps, ...(error ? { error } : {}) };
}

/** Ask KFP to terminate the run: it goes CANCELING, its pods are stopped, then CANCELED. */
export async function cancelRun(options: KubeflowOptions, handle: RunHandle): Promise<void> {
  const id = kfpRunId(handle, "cancel");
  await kfp(options, {
    method: "POST",
    path: `/runs/${encodeURIComponent(id)}:terminate`,
    phase: "cancel",
    what: `terminate the run ${id}`,
  }).catch((error: unknown) => {
    throw error instanceof KfpHttpError && error.status === 404 ? runGone(options, handle, id, "cancel", error) : error;
  });
}
