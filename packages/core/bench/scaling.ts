// Parallel scaling: independent no-op nodes on 2 worker threads. Wall time includes starting the
// workers; the steady rate (first node done → last node done) shows whether per-node cost stays flat.
import type { RunEvent } from "@ferry/core";
import { fmt, median, openFixture, type Row, report, timeRun } from "./util.ts";

const SIZES = [250, 500, 1000];
const REPEATS = 5;
process.env.FERRY_BENCH_SIZES = SIZES.join(",");

const session = await openFixture("wide");

// The first two nodes go one to each worker, so once both are done both workers are up: from
// then on completions measure the steady per-node cost, free of start-up skew between workers.
async function measure(size: number) {
  const firsts: string[] = [];
  let bothUp = 0;
  let lastEnd = 0;
  let after = 0;
  const emit = (event: RunEvent) => {
    if (event.type === "node-start" && firsts.length < 2) firsts.push(event.node);
    if (event.type !== "node-end") return;
    lastEnd = performance.now();
    if (bothUp > 0) after++;
    else if (firsts.splice(firsts.indexOf(event.node), 1) && firsts.length === 0) bothUp = lastEnd;
  };
  const start = performance.now();
  const ms = await timeRun(session, `wide_${size}`, 2, emit);
  return { ms, startup: bothUp - start, steadyUs: ((lastEnd - bothUp) * 1000) / after, after };
}

await measure(250); // warm-up
const rows: Row[] = [];
const steady: number[] = [];
for (const size of SIZES) {
  const runs = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await measure(size));
  const ms = median(runs.map((r) => r.ms));
  const startup = median(runs.map((r) => r.startup));
  steady.push(median(runs.map((r) => r.steadyUs)));
  console.log(`scaling: ${size} nodes, runs (ms) ${runs.map((r) => `${fmt(r.ms)} (${r.after} after both up)`).join(", ")}`);
  rows.push({
    bench: `2. ${size} independent, parallel=2`,
    measured: `${fmt(ms)} ms = ${fmt(startup)} ms until both workers ran a node + ${fmt(steady.at(-1) as number)} µs/node`,
    target: size === 1000 ? "< 2000 ms (Kedro: 400 nodes 104 s)" : "-",
    met: size === 1000 ? ms < 2000 : undefined,
  });
}
const growth = (steady.at(-1) as number) / (steady[0] as number);
rows.push({
  bench: "2. steady µs/node, 1000 vs 250",
  measured: `${fmt(growth, 2)}×`,
  target: "≈ 1× (linear)",
  met: growth < 1.5,
});
report(rows);
