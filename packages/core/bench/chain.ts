// Per-node overhead of the local runner: a linear chain of no-op nodes, run in this thread.
import { fmt, median, openFixture, report, timeRun } from "./util.ts";

const NODES = 10_000;
const WARMUP = 2;
const REPEATS = 7;
process.env.FERRY_BENCH_NODES = String(NODES);

const session = await openFixture("chain");
const runs: number[] = [];
for (let i = 0; i < WARMUP + REPEATS; i++) {
  const ms = await timeRun(session, "chain", 1);
  if (i >= WARMUP) runs.push(ms);
}
const usPerNode = (median(runs) * 1000) / NODES;

// The same functions called directly, each on the previous one's result; several passes
// per sample, as one pass is too short to time well.
const nodes = session.pipeline("chain").nodes;
const PASSES = 20;
const direct: number[] = [];
for (let i = 0; i < WARMUP + REPEATS; i++) {
  const start = performance.now();
  for (let pass = 0; pass < PASSES; pass++) {
    let value: unknown = session.paramValue("params:seed");
    for (const n of nodes) value = n.func(value);
    if (value !== 1) throw new Error("direct loop broke the chain");
  }
  if (i >= WARMUP) direct.push((performance.now() - start) / PASSES);
}
const directUs = (median(direct) * 1000) / NODES;

console.log(`chain: runs (ms) ${runs.map((ms) => fmt(ms)).join(", ")}; direct loop ${fmt(median(direct), 3)} ms`);
report([
  {
    bench: "1. chain 10k, sequential: per node",
    measured: `${fmt(usPerNode, 2)} µs`,
    target: "≤ 20 µs (Kedro 4.6 ms)",
    met: usPerNode <= 20,
  },
  {
    bench: "1. chain: runner / direct call",
    measured: `${fmt(usPerNode / directUs, 0)}× (direct ${fmt(directUs * 1000, 1)} ns/node)`,
    target: "-",
  },
]);
