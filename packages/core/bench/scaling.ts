// Parallel scaling: independent no-op nodes on 2 worker threads.
import type { RunEvent } from "@ferry/core";
import { fmt, median, openFixture, type Row, report, timeRun } from "./util.ts";

const SIZES = [250, 500, 1000];
const REPEATS = 5;
process.env.FERRY_BENCH_SIZES = SIZES.join(",");

const session = await openFixture("wide");

// Wall time is mostly the workers' start-up, so it alone cannot show per-node cost. The first two
// nodes go one to each worker: the first to finish marks a worker up; from then on completions
// give the per-node cost, except the other first node, which waited for the slower worker to start.
async function measure(size: number) {
  const firstTwo: string[] = [];
  let firstEnd = 0;
  let slowEnd = 0;
  let lastEnd = 0;
  let count = 0;
  const emit = (event: RunEvent) => {
    if (event.type === "node-start" && firstTwo.length < 2) firstTwo.push(event.node);
    if (event.type !== "node-end") return;
    const now = performance.now();
    if (firstEnd === 0) firstEnd = now;
    else if (firstTwo.includes(event.node)) slowEnd = now;
    else {
      lastEnd = now;
      count++;
    }
  };
  const start = performance.now();
  const ms = await timeRun(session, `wide_${size}`, 2, emit);
  return { ms, startup: firstEnd - start, skew: slowEnd - firstEnd, perNodeUs: ((lastEnd - firstEnd) * 1000) / count };
}

await measure(250); // warm-up
const rows: Row[] = [];
const perNode: number[] = [];
for (const size of SIZES) {
  const runs: Awaited<ReturnType<typeof measure>>[] = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await measure(size));
  const ms = median(runs.map((r) => r.ms));
  perNode.push(median(runs.map((r) => r.perNodeUs)));
  const detail = (r: (typeof runs)[number]) =>
    `${fmt(r.ms)} (first node ${fmt(r.startup)}, 2nd worker +${fmt(r.skew)}, ${fmt(r.perNodeUs)} µs/node)`;
  console.log(`scaling: ${size} nodes, runs (ms): ${runs.map(detail).join("; ")}`);
  rows.push({
    bench: `2. ${size} independent, parallel=2`,
    measured: `${fmt(ms)} ms; start-up ${fmt(median(runs.map((r) => r.startup)))} ms + ${fmt(perNode.at(-1) as number)} µs/node`,
    target: size === 1000 ? "< 2000 ms (Kedro: 400 nodes 104 s)" : "-",
    met: size === 1000 ? ms < 2000 : undefined,
  });
}
const growth = (perNode.at(-1) as number) / (perNode[0] as number);
rows.push({
  bench: "2. µs/node at 1000 vs at 250",
  measured: `${fmt(growth, 2)}×`,
  target: "≤ 1.5× (Kedro: grows ∝ n)",
  met: growth < 1.5,
});
report(rows);
