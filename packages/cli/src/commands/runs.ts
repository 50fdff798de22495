import { setTimeout as sleep } from "node:timers/promises";
import { createRunStore, FerryError, findProjectRoot, isProcessAlive } from "@ferry/core";
import { TERMINAL_STATES } from "@ferry/core/plugin";
import type { CommandContext } from "../context.ts";
import { duration, json, table } from "../render/output.ts";
import { effectiveStatus, openRun, refresh } from "./live-run.ts";

function limitOf(flag: string | undefined): number {
  const n = Number(flag ?? 20);
  if (!Number.isInteger(n) || n < 1) {
    throw new FerryError("USAGE_INVALID", {
      message: `--limit '${flag}' is not a positive whole number.`,
      hint: "Use --limit 20.",
    });
  }
  return n;
}

export async function runsCommand(
  flags: { json?: boolean; limit?: string },
  { output }: CommandContext,
): Promise<number> {
  const store = createRunStore(findProjectRoot(process.cwd()));
  const records = await store.list(limitOf(flags.limit));
  if (flags.json) {
    output.out(json(records.map((r) => ({ ...r, status: effectiveStatus(r) }))));
    return 0;
  }
  if (records.length === 0) {
    output.out("No runs recorded yet. Start one with `ferry run`.");
    return 0;
  }
  const rows = records.map((r) => [
    r.id,
    effectiveStatus(r),
    r.target,
    r.pipeline,
    r.env ?? "-",
    `${Object.values(r.nodes).filter((n) => n.status === "succeeded").length}/${Object.keys(r.nodes).length}`,
    r.durationMs === undefined ? "-" : duration(r.durationMs),
  ]);
  output.out(table(["run", "status", "target", "pipeline", "env", "nodes", "duration"], rows));
  return 0;
}

export async function statusCommand(
  id: string,
  flags: { json?: boolean },
  { output }: CommandContext,
): Promise<number> {
  const record = await refresh(await openRun(id, output));
  const status = effectiveStatus(record);
  if (flags.json) {
    output.out(json({ ...record, status }));
    return 0;
  }
  output.out(
    `Run ${record.id} · ${status} · target ${record.target} · pipeline ${record.pipeline}${record.env ? ` · env ${record.env}` : ""}`,
  );
  if (record.durationMs !== undefined) output.out(`Duration: ${duration(record.durationMs)}`);
  const nodes = Object.entries(record.nodes);
  if (nodes.length > 0) {
    output.out("");
    output.out(
      table(
        ["node", "status", "duration"],
        nodes.map(([name, n]) => [name, n.status, n.durationMs === undefined ? "-" : duration(n.durationMs)]),
      ),
    );
  }
  if (record.error) output.out(`\nError [${record.error.code}]: ${record.error.message}`);
  if (record.resumeFrom?.length) output.out(`Resume from: ${record.resumeFrom.join(", ")}`);
  return 0;
}

/** Cancel a run: a local one through its own process (as Ctrl-C would), a remote one through its target. */
export async function cancelCommand(id: string, { output }: CommandContext): Promise<number> {
  const run = await openRun(id, output);
  let record = await refresh(run);
  if (TERMINAL_STATES.has(record.status) || effectiveStatus(record) === "interrupted") {
    output.out(`Run ${record.id} is ${effectiveStatus(record)}; nothing to cancel.`);
    return 0;
  }
  if (run.runtime === undefined || record.handle === undefined) {
    if (isProcessAlive(record.pid)) process.kill(record.pid, "SIGINT");
    const deadline = Date.now() + 60_000;
    while (!TERMINAL_STATES.has(record.status) && isProcessAlive(record.pid) && Date.now() < deadline) {
      await sleep(200);
      record = await run.store.read(record.id);
    }
  } else {
    await run.runtime.cancel(record.handle);
    record = await refresh(run);
  }
  output.out(`Run ${record.id}: ${effectiveStatus(record)}`);
  return 0;
}

/** A run's log lines: what its nodes logged (local), or the target's logs (remote). */
export async function logsCommand(
  id: string,
  flags: { follow?: boolean },
  { output }: CommandContext,
): Promise<number> {
  const run = await openRun(id, output);
  if (run.runtime === undefined || run.record.handle === undefined) {
    for (const line of run.record.logs ?? [])
      output.out(`${new Date(line.at).toISOString()} [${line.node}] ${line.message}`);
    return 0;
  }
  for await (const line of run.runtime.logs(run.record.handle, { follow: flags.follow === true })) {
    output.out(`${new Date(line.at).toISOString()}${line.step ? ` [${line.step}]` : ""} ${line.text}`);
  }
  return 0;
}
