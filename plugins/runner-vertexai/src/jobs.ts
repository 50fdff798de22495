import { FerryError } from "@ferry/core";
import type { ArtifactRef, CompiledSpec, RunHandle, RunStatus, StepStatus } from "@ferry/core/plugin";
import { bindImage, type PipelineSpec } from "@ferry/kfp";
import { isAlreadyExists, type PipelineJob, vertexClients, vertexError } from "./client.ts";
import { JOB_FILE, type JobFile, SPEC_FILE } from "./compile.ts";
import type { VertexOptions } from "./options.ts";
import { runState, stepState, timeOf } from "./states.ts";

/** `pipelineJobId` for a run: the same run id always gives the same job, so a retried submit finds it. */
export function pipelineJobId(pipelineName: string, runId: string): string {
  const id = runId.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
  const prefix = pipelineName.slice(0, Math.max(0, 127 - id.length)).replace(/-+$/, "");
  const jobId = `${prefix}-${id}`.replace(/^[^a-z]+/, "");
  return /^[a-z]/.test(jobId) ? jobId : `ferry-${jobId}`.slice(0, 128);
}

export function consoleUrl(options: VertexOptions, jobId: string): string {
  return `https://console.cloud.google.com/vertex-ai/locations/${options.region}/pipelines/runs/${jobId}?project=${options.project}`;
}

/** The PipelineJob of a compiled spec bound to a pushed image (Struct form for the SDK). */
export async function pipelineJob(
  options: VertexOptions,
  compiled: CompiledSpec,
  artifact: ArtifactRef,
  runId: string,
  phase: "submit" | "schedule",
): Promise<{ job: PipelineJob; meta: JobFile }> {
  const { helpers } = await vertexClients(options, phase);
  const meta = JSON.parse(compiled.files[JOB_FILE] ?? "null") as JobFile | null;
  const raw = compiled.files[SPEC_FILE];
  if (meta === null || raw === undefined || artifact.kind !== "image" || artifact.uri === undefined) {
    throw new FerryError("PLUGIN_ERROR", {
      message: `vertexai can ${phase} only a spec it compiled itself, with the image its package phase pushed.`,
      details: { plugin: "vertexai", phase },
    });
  }
  const spec = bindImage(JSON.parse(raw) as PipelineSpec, artifact.uri);
  const labels: Record<string, string> = {
    ...options.labels,
    "ferry-run": runId
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, "-")
      .slice(0, 63),
  };
  if (options.experiment) labels["ferry-experiment"] = options.experiment;
  const job: PipelineJob = {
    displayName: meta.displayName,
    pipelineSpec: (helpers.toValue(spec) as { structValue: NonNullable<PipelineJob["pipelineSpec"]> }).structValue,
    labels,
    runtimeConfig: {
      gcsOutputDirectory: `${options.storageRoot}/${runId}/vertex`,
      failurePolicy: options.failFast ? "PIPELINE_FAILURE_POLICY_FAIL_FAST" : "PIPELINE_FAILURE_POLICY_FAIL_SLOW",
    },
    ...(options.serviceAccount ? { serviceAccount: options.serviceAccount } : {}),
    ...(options.network ? { network: options.network } : {}),
  };
  return { job, meta };
}

/** Create the run's pipeline job, or find it when an earlier attempt already did. */
export async function submitJob(
  options: VertexOptions,
  compiled: CompiledSpec,
  artifact: ArtifactRef,
  runId: string,
): Promise<RunHandle> {
  const { pipelines, parent } = await vertexClients(options, "submit");
  const { job, meta } = await pipelineJob(options, compiled, artifact, runId, "submit");
  const jobId = pipelineJobId(meta.pipelineName, runId);
  let created: PipelineJob;
  try {
    [created] = await pipelines.createPipelineJob({ parent, pipelineJob: job, pipelineJobId: jobId });
  } catch (error) {
    if (!isAlreadyExists(error)) throw vertexError(error, "submit");
    [created] = await pipelines.getPipelineJob({ name: `${parent}/pipelineJobs/${jobId}` }).catch((e: unknown) => {
      throw vertexError(e, "submit");
    });
  }
  return {
    target: "vertexai",
    runId,
    url: consoleUrl(options, jobId),
    pollAfterMs: options.api?.credentials === "none" ? 200 : 10_000,
    data: { name: created.name ?? `${parent}/pipelineJobs/${jobId}`, taskToStep: meta.taskToStep },
  };
}

const nameOf = (handle: RunHandle) => String(handle.data?.name ?? "");

/** One read of the job: its state, and each task's as a Ferry step's. */
export async function pollJob(options: VertexOptions, handle: RunHandle): Promise<RunStatus> {
  const { pipelines } = await vertexClients(options, "poll");
  const [job] = await pipelines.getPipelineJob({ name: nameOf(handle) }).catch((e: unknown) => {
    throw vertexError(e, "poll");
  });
  const taskToStep = (handle.data?.taskToStep ?? {}) as Record<string, string>;
  const steps: Record<string, StepStatus> = {};
  let failedStep: { step: string; message: string } | undefined;
  for (const task of job.jobDetail?.taskDetails ?? []) {
    const step = taskToStep[task.taskName ?? ""];
    if (step === undefined) continue; // the root DAG's own entry, and tasks Ferry did not compile
    const state = stepState(String(task.state ?? ""));
    const startedAt = timeOf(task.startTime);
    const endedAt = timeOf(task.endTime);
    const message = task.error?.message ?? undefined;
    steps[step] = {
      state,
      ...(startedAt === undefined ? {} : { startedAt }),
      ...(endedAt === undefined || state === "running" ? {} : { endedAt }),
      ...(state === "failed"
        ? { error: { code: "NODE_FAILED", message: message || `Task '${task.taskName}' failed.`, node: step } }
        : {}),
    };
    if (state === "failed" && failedStep === undefined) failedStep = { step, message: message ?? "" };
  }
  const state = runState(String(job.state ?? ""));
  const error =
    state !== "failed"
      ? undefined
      : {
          code: "NODE_FAILED",
          message: failedStep
            ? `Step '${failedStep.step}' failed on Vertex AI: ${failedStep.message || "see the job's logs"} (${handle.url ?? nameOf(handle)})`
            : `The pipeline job failed: ${job.error?.message ?? "no reason given"} (${handle.url ?? nameOf(handle)})`,
          ...(failedStep ? { node: failedStep.step } : {}),
        };
  return { state, steps, ...(error ? { error } : {}) };
}

/** Ask Vertex AI to cancel the job (asynchronous: the job goes CANCELLING, then CANCELLED). */
export async function cancelJob(options: VertexOptions, handle: RunHandle): Promise<void> {
  const { pipelines } = await vertexClients(options, "cancel");
  await pipelines.cancelPipelineJob({ name: nameOf(handle) }).catch((e: unknown) => {
    throw vertexError(e, "cancel");
  });
}
