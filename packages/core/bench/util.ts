import { join } from "node:path";
import { execute, openSession, type RunEvent, type Session } from "@ferry/core";

/** One line of the summary table. `met` is undefined for figures without a target. */
export interface Row {
  readonly bench: string;
  readonly measured: string;
  readonly target: string;
  readonly met?: boolean | undefined;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Open a fixture project under bench/fixtures/ (the env var shapes its pipelines). */
export function openFixture(name: string, params: readonly string[] = []): Promise<Session> {
  return openSession({ cwd: join(import.meta.dirname, "fixtures", name), env: undefined, params });
}

/** Run a pipeline of the session and return its wall time in ms; throws unless every node succeeded. */
export async function timeRun(
  session: Session,
  pipelineName: string,
  parallel: number,
  emit?: (event: RunEvent) => void,
): Promise<number> {
  const pipeline = session.pipeline(pipelineName);
  const start = performance.now();
  const result = await execute({ session, pipeline, runId: "bench", parallel, emit });
  const ms = performance.now() - start;
  if (result.status !== "succeeded" || result.completed.length !== pipeline.nodes.length) {
    const why = result.failed ? `: ${String((result.failed.error as Error).message ?? result.failed.error)}` : "";
    throw new Error(
      `Run of '${pipelineName}' ${result.status} (${result.completed.length}/${pipeline.nodes.length} nodes)${why}`,
    );
  }
  return ms;
}

/** Hand the rows to bench/run.ts, or print them when the file runs alone. */
export function report(rows: readonly Row[]): void {
  if (process.send) process.send(rows);
  else for (const row of rows) console.log(`${row.bench}: ${row.measured} (target ${row.target})`);
}

export const fmt = (value: number, digits = 1) => value.toFixed(digits);
