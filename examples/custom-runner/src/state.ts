import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isProcessAlive } from "@ferry/core";
import type { RunStatus, StepStatus } from "@ferry/core/plugin";

/** The last `error` event `ferry run-node` printed to a step's log. */
function errorIn(log: string): NonNullable<StepStatus["error"]> {
  const lines = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").reverse() : [];
  for (const line of lines) {
    try {
      const event = JSON.parse(line);
      if (event.type === "error") return event.error;
    } catch {
      // not an event line
    }
  }
  return { code: "ERROR", message: `The step failed; see ${log}.` };
}

/** The run's state from the marker files make's recipes leave in `dir`. */
export function readState(dir: string, steps: readonly string[], pid: number): RunStatus {
  const has = (target: string, mark: string) => existsSync(join(dir, "state", `${target}.${mark}`));
  const status: Record<string, StepStatus> = {};
  steps.forEach((step, i) => {
    const t = `s${i}`;
    status[step] = has(t, "failed")
      ? { state: "failed", error: errorIn(join(dir, "logs", `${t}.log`)) }
      : { state: has(t, "done") ? "succeeded" : has(t, "started") ? "running" : "queued" };
  });
  const states = Object.values(status);
  const failed = states.find((s) => s.state === "failed");
  const running = isProcessAlive(pid);
  if (existsSync(join(dir, "state", "cancelled")))
    return { state: running ? "cancelling" : "cancelled", steps: status };
  if (running) return { state: "running", steps: status };
  if (failed) return { state: "failed", steps: status, ...(failed.error ? { error: failed.error } : {}) };
  if (states.every((s) => s.state === "succeeded")) return { state: "succeeded", steps: status };
  return {
    state: "failed",
    steps: status,
    error: { code: "ERROR", message: `make exited early; see ${join(dir, "make.log")}.` },
  };
}
