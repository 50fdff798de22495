// Runs each benchmark in a fresh child process (so JIT state, heaps and worker threads of one
// do not skew the next) and prints one summary table. Figures only: nothing here asserts timing.
import { fork } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import type { Row } from "./util.ts";

const BENCHES = ["cores.ts", "chain.ts", "scaling.ts", "speedup.ts", "construct.ts", "plan.ts"];

function runBench(file: string): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    const rows: Row[] = [];
    const child = fork(new URL(file, import.meta.url), { stdio: "inherit" });
    child.on("message", (message) => rows.push(...(message as Row[])));
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve(rows) : reject(new Error(`bench/${file} failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}

// Other load skews every figure on a small machine; print it so a reader can judge.
const load = loadavg().map((x) => x.toFixed(2));
console.log(`Node ${process.version}, ${availableParallelism()} CPUs, load average ${load.join(" ")}\n`);

const start = performance.now();
const rows: Row[] = [];
for (const file of BENCHES) rows.push(...(await runBench(file)));

const table = [["benchmark", "measured", "target", "met"]];
for (const r of rows) table.push([r.bench, r.measured, r.target, r.met === undefined ? "" : r.met ? "yes" : "NO"]);
const widths = (table[0] as string[]).map((_, i) => Math.max(...table.map((cells) => (cells[i] as string).length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join("  ");
console.log(`\n${line(table[0] as string[])}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
for (const cells of table.slice(1)) console.log(line(cells));
console.log(
  `\n${rows.filter((r) => r.met === false).length} target(s) missed; total ${((performance.now() - start) / 1000).toFixed(1)} s`,
);
