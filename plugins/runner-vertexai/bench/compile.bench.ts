// The vertexai compile phase on a 10,000-node plan (machine placement + PipelineSpec + JSON),
// then the emulator's own overhead on that spec: reading it (the 400 checks) and scheduling
// its 10,000 tasks with a runner that does nothing. Prints ms and ratios; no assertions.
import { join } from "node:path";
import { openSession, plan } from "@ferry/core";
import { validatePluginOptions, wrapPlugin } from "@ferry/core/plugin";
import { executeSpec, readPipelineSpec } from "@ferry/kfp/interpreter";
import { vertexai } from "../src/index.ts";

const NODES = Number(process.env.FERRY_BENCH_NODES ?? 10_000);
process.env.FERRY_BENCH_NODES = String(NODES); // read by the fixture project
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
async function time<T>(repeats: number, fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  let value = await fn();
  const runs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    value = await fn();
    runs.push(performance.now() - start);
  }
  return { ms: median(runs), value };
}

const session = await openSession({ cwd: join(import.meta.dirname, "../../../packages/kfp/bench/fixture") });
const storageRoot = "gs://bucket/ferry";
const thePlan = plan(session, session.pipeline("dag"), { runId: "bench", pipelineName: "dag", storageRoot });
const plugin = vertexai();
const options = await validatePluginOptions(
  plugin,
  { project: "bench-project", region: "us-central1", storageRoot, imageRegistry: "us-central1-docker.pkg.dev/p/r" },
  "bench",
);
const runtime = () =>
  wrapPlugin(plugin, options, { runId: "bench", projectRoot: session.project.root, logger: silent });
const compiled = await time(5, () => runtime().compile(thePlan));
const spec = compiled.value.files["pipeline.json"] ?? "";
const parsed = JSON.parse(spec);
const read = await time(5, () => readPipelineSpec(parsed));
const readSpec = read.value.spec;
if (readSpec === undefined) throw new Error(read.value.problems.join("\n"));
const executed = await time(3, () =>
  executeSpec(readSpec, {
    jobUuid: "u",
    jobName: "j",
    pipelineRoot: storageRoot,
    concurrency: 64,
    run: async () => ({ exitCode: 0 }),
  }),
);

const fmt = (n: number, d = 1) => n.toFixed(d);
console.log(
  `vertexai compile (${NODES} steps): ${fmt(compiled.ms)} ms, ${fmt((compiled.ms * 1000) / NODES, 1)} µs/step; target < 1000 ms: ${compiled.ms < 1000 ? "met" : "MISSED"}`,
);
console.log(`pipeline.json: ${Buffer.byteLength(spec)} bytes, ${fmt(Buffer.byteLength(spec) / NODES, 0)} bytes/step`);
console.log(`emulator reads the spec: ${fmt(read.ms)} ms (${fmt(read.ms / compiled.ms, 2)}× compile)`);
console.log(
  `emulator schedules ${NODES} no-op tasks: ${fmt(executed.ms)} ms, ${fmt((executed.ms * 1000) / NODES, 1)} µs/task (${executed.value.state})`,
);
