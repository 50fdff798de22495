// Parallel speed-up: CPU-bound nodes (~50 ms each) on 2 worker threads vs in this thread.
import { busy } from "./fixtures/wide/busy.ts";
import { fmt, median, openFixture, report, timeRun } from "./util.ts";

const NODES = 64;
const NODE_MS = 50;
process.env.FERRY_BENCH_SIZES = String(NODES);

/** Iterations of busy() that take NODE_MS here (best of several, so a hiccup does not inflate it). */
function calibrate(): number {
  const probe = 2_000_000;
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    busy(probe);
    times.push(performance.now() - start);
  }
  return Math.round((probe * NODE_MS) / Math.min(...times));
}

const spin = calibrate();
const check = performance.now();
busy(spin);
console.log(`speedup: busy(${spin}) takes ${fmt(performance.now() - check)} ms`);

// Workers reopen the session from its options, so the spin override reaches them too.
const session = await openFixture("wide", [`spin=${spin}`]);
const sequential = await timeRun(session, `wide_${NODES}`, 1);

// Where the parallel run loses time: until its first node is done, the workers are starting up.
async function parallelRun() {
  let firstEnd = 0;
  const start = performance.now();
  const ms = await timeRun(session, `wide_${NODES}`, 2, (event) => {
    if (event.type === "node-end") firstEnd ||= performance.now();
  });
  return { ms, startup: firstEnd - start - NODE_MS };
}
const runs = [await parallelRun(), await parallelRun(), await parallelRun()];
const parallel = median(runs.map((r) => r.ms));
const startup = median(runs.map((r) => r.startup));
console.log(`speedup: parallel runs (ms) ${runs.map((r) => `${fmt(r.ms)} (start-up ${fmt(r.startup)})`).join(", ")}`);
const ratio = sequential / parallel;
report([
  {
    bench: `3. ${NODES} × ${NODE_MS} ms nodes: parallel=1 → 2`,
    measured: `${fmt(sequential)} → ${fmt(parallel)} ms = ${fmt(ratio, 2)}×`,
    target: "≥ 1.8×",
    met: ratio >= 1.8,
  },
  {
    bench: "3. ... without worker start-up",
    measured: `${fmt(startup)} ms start-up; ${fmt(sequential / (parallel - startup), 2)}× after it`,
    target: "-",
  },
]);
