import type { RunState } from "@ferry/core/plugin";

// KFP v2beta1 RuntimeState (backend/api/v2beta1/run.proto), US spelling: CANCELED.
// PAUSED is "stopped, can be resumed": the run is not over.
const RUN: Readonly<Record<string, RunState>> = {
  RUNTIME_STATE_UNSPECIFIED: "queued",
  PENDING: "queued",
  RUNNING: "running",
  PAUSED: "running",
  SUCCEEDED: "succeeded",
  SKIPPED: "succeeded",
  FAILED: "failed",
  CANCELING: "cancelling",
  CANCELED: "cancelled",
};

/** A run's `state` as a Ferry run state; an unknown state is taken as still running. */
export const runState = (state: unknown): RunState => RUN[String(state ?? "RUNTIME_STATE_UNSPECIFIED")] ?? "running";

/** A task's `state` as a Ferry step state: the same enum; SKIPPED is a cache hit, whose outputs exist. */
export const taskState = runState;

/** An RFC 3339 timestamp of the API, in epoch ms; KFP's zero time (1970) means "not yet". */
export function timeOf(value: unknown): number | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
