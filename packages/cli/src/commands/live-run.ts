import {
  applyStatus,
  createRunStore,
  findProjectRoot,
  isProcessAlive,
  loadProject,
  type RunRecord,
  type RunStore,
} from "@ferry/core";
import { loadTarget, type PluginRuntime, TERMINAL_STATES, wrapPlugin } from "@ferry/core/plugin";
import { createLogger } from "../render/logger.ts";
import type { Output } from "../render/output.ts";

/** A local run whose driving process is gone can never finish: say so instead of "running". */
export function effectiveStatus(record: RunRecord): string {
  const live = !TERMINAL_STATES.has(record.status);
  return live && record.target === "local" && !isProcessAlive(record.pid) ? "interrupted" : record.status;
}

/** A recorded run, with its target's plugin when the run is remote (to poll, cancel, read logs). */
export async function openRun(
  id: string,
  output: Output,
): Promise<{ store: RunStore; record: RunRecord; runtime: PluginRuntime | undefined }> {
  const root = findProjectRoot(process.cwd());
  const store = createRunStore(root);
  const record = await store.read(id);
  if (record.target === "local" || record.handle === undefined) return { store, record, runtime: undefined };
  const plugin = await loadTarget(await loadProject(root), record.target);
  const runtime = wrapPlugin(plugin, record.targetOptions, {
    runId: record.id,
    projectRoot: root,
    logger: createLogger(output, plugin.name),
  });
  return { store, record, runtime };
}

/** Poll a remote, unfinished run once and keep what it says in its record. */
export async function refresh(run: Awaited<ReturnType<typeof openRun>>): Promise<RunRecord> {
  const { store, record, runtime } = run;
  if (runtime === undefined || record.handle === undefined || TERMINAL_STATES.has(record.status)) return record;
  applyStatus(record, await runtime.poll(record.handle));
  if (TERMINAL_STATES.has(record.status)) {
    record.endedAt ??= Date.now();
    record.durationMs ??= record.endedAt - record.createdAt;
  }
  await store.write(record);
  return record;
}
