// How many cores this process really gets: other load on a small machine skews every figure,
// and caps benchmark 3 in particular. Spins the same loop on 1 thread, then on 2 at once.
import { Worker } from "node:worker_threads";
import { fmt, report } from "./util.ts";

const ITERATIONS = 100_000_000;
const code = `
const { parentPort } = require("node:worker_threads");
parentPort.once("message", (n) => {
  let x = 2463534242;
  for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; }
  parentPort.postMessage(x);
});`;

/** Wall time of the loop on `threads` threads at once, thread start-up excluded. */
async function spin(threads: number): Promise<number> {
  const workers = Array.from({ length: threads }, () => new Worker(code, { eval: true }));
  await Promise.all(workers.map((w) => new Promise((resolve) => w.once("online", resolve))));
  const start = performance.now();
  const done = workers.map((w) => new Promise((resolve) => w.once("message", resolve)));
  for (const w of workers) w.postMessage(ITERATIONS);
  await Promise.all(done);
  const ms = performance.now() - start;
  await Promise.all(workers.map((w) => w.terminate()));
  return ms;
}

const one = await spin(1);
const two = await spin(2);
const cores = (2 * one) / two;
console.log(`cores: loop on 1 thread ${fmt(one)} ms, on 2 threads at once ${fmt(two)} ms`);
report([{ bench: "0. effective cores for 2 threads", measured: fmt(cores, 2), target: "≈ 2 (else 3 is capped)" }]);
