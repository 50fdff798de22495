import type { RunState } from "@ferry/core/plugin";

// google.cloud.aiplatform.v1.PipelineState: PAUSED is "stopped, can be resumed", not an end.
const JOB: Readonly<Record<string, RunState>> = {
  PIPELINE_STATE_UNSPECIFIED: "queued",
  PIPELINE_STATE_QUEUED: "queued",
  PIPELINE_STATE_PENDING: "queued",
  PIPELINE_STATE_RUNNING: "running",
  PIPELINE_STATE_PAUSED: "running",
  PIPELINE_STATE_SUCCEEDED: "succeeded",
  PIPELINE_STATE_FAILED: "failed",
  PIPELINE_STATE_CANCELLING: "cancelling",
  PIPELINE_STATE_CANCELLED: "cancelled",
};

// PipelineTaskDetail.State. SKIPPED is a cache hit: the outputs exist, as after a success.
const TASK: Readonly<Record<string, RunState>> = {
  STATE_UNSPECIFIED: "queued",
  PENDING: "queued",
  NOT_TRIGGERED: "queued",
  RUNNING: "running",
  SUCCEEDED: "succeeded",
  SKIPPED: "succeeded",
  CANCEL_PENDING: "cancelling",
  CANCELLING: "cancelling",
  CANCELLED: "cancelled",
  FAILED: "failed",
};

export const runState = (state: string): RunState => JOB[state] ?? "running";
export const stepState = (state: string): RunState => TASK[state] ?? "running";

/** A protobuf Timestamp as the SDK returns it (`{ seconds: "…", nanos }`), in epoch ms. */
export function timeOf(t: { seconds?: unknown; nanos?: unknown } | null | undefined): number | undefined {
  if (t?.seconds === undefined || t.seconds === null) return undefined;
  return Number(t.seconds) * 1000 + Math.floor(Number(t.nanos ?? 0) / 1e6);
}
