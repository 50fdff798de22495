import type { PluginRuntime, RunHandle, RunStatus } from "@ferry/core/plugin";
import { TERMINAL_STATES } from "@ferry/core/plugin";

/** Poll through core's wrapper until `done` says so (default: a final state). */
export async function pollUntil(
  runtime: PluginRuntime,
  handle: RunHandle,
  done: (status: RunStatus) => boolean = (s) => TERMINAL_STATES.has(s.state),
  timeoutMs = 120_000,
): Promise<RunStatus> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const status = await runtime.poll(handle);
    if (done(status)) return status;
    if (Date.now() > until) throw new Error(`run still ${status.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
