import { createRunStore, FerryError, findProjectRoot, type RunRecord } from "@ferry/core";
import type { CommandContext } from "../context.ts";
import { duration, json, table } from "../render/output.ts";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A local run whose driving process is gone can never finish: say so instead of "running". */
function effectiveStatus(record: RunRecord): string {
  const live = record.status === "running" || record.status === "queued" || record.status === "cancelling";
  return live && record.target === "local" && !isAlive(record.pid) ? "interrupted" : record.status;
}

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
  const record = await createRunStore(findProjectRoot(process.cwd())).read(id);
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
