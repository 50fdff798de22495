// Compile of a 10,000-node plan (a random DAG, a step per node) to a KFP PipelineSpec, and its
// serialization: ms per phase and spec bytes per node. Target: compile < 1 s.
// `node bench/compile.ts --validate` also runs the real kfp validators on the output (about
// 4 minutes: the kfp SDK reads and writes the 15 MB file with pure-Python PyYAML).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSession, plan } from "@ferry/core";
import { compilePipelineSpec, toJson, toYaml, vertexAccelerators } from "../src/index.ts";

const NODES = Number(process.env.FERRY_BENCH_NODES ?? 10_000);
process.env.FERRY_BENCH_NODES = String(NODES);
const REPEATS = 7;
const image = `us-docker.pkg.dev/proj/repo/app@sha256:${"ab".repeat(32)}`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
function time<T>(fn: () => T): { ms: number; value: T } {
  const runs: number[] = [];
  let value = fn(); // warm-up
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    value = fn();
    runs.push(performance.now() - start);
  }
  return { ms: median(runs), value };
}

const session = await openSession({ cwd: join(import.meta.dirname, "fixture") });
const planned = time(() =>
  plan(session, session.pipeline("dag"), { runId: "bench", pipelineName: "dag", storageRoot: "gs://bucket/ferry" }),
);
const executionPlan = planned.value;
const edges = executionPlan.steps.reduce((n, s) => n + s.dependsOn.length, 0);
const options = { image, accelerators: vertexAccelerators() };
const compiled = time(() => compilePipelineSpec(executionPlan, options));
const json = time(() => toJson(compiled.value.spec, { indent: 0 }));
const yaml = time(() => toYaml(compiled.value));
const jsonBytes = Buffer.byteLength(json.value);
const yamlBytes = Buffer.byteLength(yaml.value);

const fmt = (n: number, digits = 1) => n.toFixed(digits);
console.log(
  `plan: ${NODES} nodes, ${executionPlan.steps.length} steps, ${edges} edges (planned in ${fmt(planned.ms)} ms)`,
);
console.log(
  `compilePipelineSpec: ${fmt(compiled.ms)} ms (${fmt((compiled.ms * 1000) / NODES, 2)} µs/node; target < 1000 ms: ${compiled.ms < 1000 ? "met" : "MISSED"})`,
);
console.log(`toJson:  ${fmt(json.ms)} ms, ${jsonBytes} bytes, ${fmt(jsonBytes / NODES, 0)} bytes/node`);
console.log(`toYaml:  ${fmt(yaml.ms)} ms, ${yamlBytes} bytes, ${fmt(yamlBytes / NODES, 0)} bytes/node`);
console.log(`compile + toJson: ${fmt(compiled.ms + json.ms)} ms`);

if (process.argv.includes("--validate")) {
  const dir = mkdtempSync(join(tmpdir(), "ferry-kfp-bench-"));
  try {
    const file = join(dir, "spec.yaml");
    writeFileSync(file, yaml.value);
    const python = join(import.meta.dirname, "../../../.venv/bin/python");
    const script = join(import.meta.dirname, "../../../scripts/python/validate_kfp.py");
    const start = performance.now();
    execFileSync(python, [script, file], { maxBuffer: 1024 ** 3, stdio: ["ignore", "ignore", "inherit"] });
    console.log(`validate_kfp.py accepted it in ${fmt(performance.now() - start, 0)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
