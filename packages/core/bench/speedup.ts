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

// Start-up: until the first node is done, less that node's own time. Node times well above
// NODE_MS mean the threads did not get a core each (other load on the machine).
async function run(parallel: number) {
  let firstEnd = 0;
  const nodeMs: number[] = [];
  const start = performance.now();
  const ms = await timeRun(session, `wide_${NODES}`, parallel, (event) => {
    if (event.type !== "node-end") return;
    firstEnd ||= performance.now();
    nodeMs.push(event.durationMs);
  });
  return { ms, startup: firstEnd - start - NODE_MS, nodeMs: median(nodeMs) };
}

// Interleaved, so a burst of other load hits both sides alike.
const sequential: Awaited<ReturnType<typeof run>>[] = [];
const parallel: Awaited<ReturnType<typeof run>>[] = [];
for (let i = 0; i < 3; i++) {
  sequential.push(await run(1));
  parallel.push(await run(2));
}
const detail = (r: (typeof parallel)[number]) => `${fmt(r.ms)} (start-up ${fmt(r.startup)}, node ${fmt(r.nodeMs, 0)})`;
console.log(`speedup: sequential runs (ms) ${sequential.map(detail).join(", ")}`);
console.log(`speedup: parallel runs (ms) ${parallel.map(detail).join(", ")}`);
const seqMs = median(sequential.map((r) => r.ms));
const parMs = median(parallel.map((r) => r.ms));
const startup = median(parallel.map((r) => r.startup));
const ratio = seqMs / parMs;
const nodeMs = median(parallel.map((r) => r.nodeMs));
const contended = nodeMs > 1.2 * NODE_MS ? " — CONTENDED, not a valid figure" : "";
report([
  {
    bench: `3. ${NODES} × ${NODE_MS} ms nodes: parallel=1 → 2`,
    measured: `${fmt(seqMs)} → ${fmt(parMs)} ms = ${fmt(ratio, 2)}×`,
    target: "≥ 1.8×",
    met: ratio >= 1.8,
  },
  {
    bench: "3. parallel=2: worker start-up; rest",
    measured: `${fmt(startup)} ms; ${fmt(seqMs / (parMs - startup), 2)}× (node ${fmt(nodeMs, 0)} ms${contended})`,
    target: "-",
  },
]);
