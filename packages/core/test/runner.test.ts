import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  createLocalPlugin,
  createRunStore,
  execute,
  FerryError,
  openSession,
  type RunEvent,
  type RunRecord,
  runPipeline,
} from "@ferry/core";
import { describe, expect, it } from "vitest";
import { diamondFiles, makeProject } from "./helpers/project.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

async function run(
  root: string,
  options: {
    params?: string[];
    parallel?: number;
    nodes?: string[];
    from?: string[];
    signal?: AbortSignal;
    onEvent?: (event: RunEvent) => void;
  } = {},
) {
  const session = await openSession({ cwd: root, params: options.params });
  const events: RunEvent[] = [];
  const record = await runPipeline({
    session,
    pipelineName: "main",
    filters: { nodes: options.nodes, from: options.from },
    plugin: createLocalPlugin(),
    targetOptions: { parallel: options.parallel ?? 1 },
    logger: silent,
    signal: options.signal,
    onProgress: (p) => {
      if (p.type === "phase") return;
      events.push(p);
      options.onEvent?.(p);
    },
  });
  return { record, events };
}

describe("local runner", () => {
  it("runs the diamond in order and writes its output", async () => {
    const root = makeProject(diamondFiles);
    const { record, events } = await run(root);
    expect(record.status).toBe("succeeded");
    expect(JSON.parse(readFileSync(join(root, "data/total.json"), "utf8"))).toEqual({ total: 15 });
    const started = events.filter((e) => e.type === "node-start").map((e) => (e as { node: string }).node);
    expect(started.indexOf("sum")).toBe(2);
    expect(Object.values(record.nodes).map((n) => n.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
  });

  it("gives the same outputs on worker threads as in one thread", async () => {
    const one = makeProject(diamondFiles);
    const two = makeProject(diamondFiles);
    await run(one, { params: ["factor=3"] });
    const { record } = await run(two, { params: ["factor=3"], parallel: 2 });
    expect(record.status).toBe("succeeded");
    expect(readFileSync(join(two, "data/total.json"), "utf8")).toBe(readFileSync(join(one, "data/total.json"), "utf8"));
  });

  for (const parallel of [1, 2]) {
    it(`names the failed node and the nodes to resume from (parallel ${parallel})`, async () => {
      const root = makeProject(diamondFiles);
      const { record } = await run(root, { params: ["fail=true"], parallel });
      expect(record.status).toBe("failed");
      expect(record.error?.code).toBe("NODE_FAILED");
      expect(record.error?.node).toBe("sum");
      expect(record.error?.message).toBe("Node 'sum' failed: sum was asked to fail");
      expect(record.error?.stack).toContain("sum was asked to fail");
      // sum's inputs were memory datasets, gone with the run: their producers must run again.
      expect(record.resumeFrom).toEqual(["double", "halve"]);
      const stored = await createRunStore(root).read(record.id);
      expect(stored.status).toBe("failed");
      expect(stored.nodes.sum?.status).toBe("failed");
    });
  }

  it("resumes from the failed node itself when its inputs are persisted", async () => {
    const root = makeProject({
      ...diamondFiles,
      "conf/base/catalog.yml": `${diamondFiles["conf/base/catalog.yml"]}doubled: { type: json, path: data/d.json }\nhalved: { type: json, path: data/h.json }\n`,
    });
    const { record } = await run(root, { params: ["fail=true"] });
    expect(record.resumeFrom).toEqual(["sum"]);
    const resumed = await run(root, { from: ["sum"] });
    expect(resumed.record.status).toBe("succeeded");
    expect(Object.keys(resumed.record.nodes)).toEqual(["sum"]);
  });

  it("refuses a run whose memory inputs no node of the run produces", async () => {
    const session = await openSession({ cwd: makeProject(diamondFiles) });
    const error = await execute({
      session,
      pipeline: session.pipeline("main").only({ nodes: ["sum"] }),
      runId: "x",
    }).catch((e) => e);
    expect(FerryError.is(error, "PIPELINE_INVALID")).toBe(true);
    expect(error.message).toMatchInlineSnapshot(`
      "This run has 2 problems:
      1. Memory dataset 'doubled' is read by 'sum' but produced by no node of this run.
         Fix: Include 'double' in the run (e.g. --from-nodes=double), or persist 'doubled' in catalog.yml.
      2. Memory dataset 'halved' is read by 'sum' but produced by no node of this run.
         Fix: Include 'halve' in the run (e.g. --from-nodes=halve), or persist 'halved' in catalog.yml."
    `);
  });

  it("stops starting nodes when cancelled and records the run as cancelled", async () => {
    const root = makeProject({
      "ferry.config.ts": `
import { defineConfig, log, node, pipeline, memory, defineCatalog } from "@ferry/core";
const ds = defineCatalog({ a: memory(), b: memory(), c: memory() });
const slow = (ms) => new Promise((r) => setTimeout(r, ms));
export const config = defineConfig({ name: "slow", pipelines: { main: pipeline([
  node({ name: "first", inputs: [], outputs: ds.a, func: async () => { log("first started"); await slow(300); return 1; } }),
  node({ name: "second", inputs: [ds.a], outputs: ds.b, func: async (a) => { await slow(300); return a; } }),
  node({ name: "third", inputs: [ds.b], outputs: ds.c, func: (b) => b }),
]) } });
`,
    });
    const controller = new AbortController();
    const { record, events } = await run(root, {
      signal: controller.signal,
      onEvent: (e) => e.type === "log" && controller.abort(),
    });
    expect(record.status).toBe("cancelled");
    expect(Object.keys(record.nodes)).toEqual(["first"]);
    expect(events).toContainEqual(expect.objectContaining({ type: "log", node: "first", message: "first started" }));
  });

  it("rejects a multi-output node that returns the wrong shape", async () => {
    const root = makeProject({
      "ferry.config.ts": `
import { defineConfig, node, pipeline, memory, defineCatalog } from "@ferry/core";
const ds = defineCatalog({ a: memory(), b: memory() });
export const config = defineConfig({ name: "shape", pipelines: { main: pipeline([
  node({ name: "pair", inputs: [], outputs: [ds.a, ds.b], func: () => [1] }),
]) } });
`,
    });
    const { record } = await run(root);
    expect(record.error?.message).toBe("Node 'pair' must return an array of 2 values (one per output), got 1 values.");
  });

  it("lists runs newest first and finds one by unique prefix", async () => {
    const root = makeProject(diamondFiles);
    const first: RunRecord = (await run(root)).record;
    const second = (await run(root)).record;
    const store = createRunStore(root);
    expect((await store.list()).map((r) => r.id)).toEqual([second.id, first.id].sort().reverse());
    expect((await store.read(second.id.slice(0, -2))).id).toBe(second.id);
    await expect(store.read("nope")).rejects.toThrow("No run 'nope'");
  });
});

describe("preflight of inputs", () => {
  it("lists every missing input file before any node runs", async () => {
    const root = makeProject({ ...diamondFiles, "data/raw.json": "" });
    const { rmSync } = await import("node:fs");
    rmSync(join(root, "data/raw.json"));
    const { record, events } = await run(root);
    expect(record.status).toBe("failed");
    expect(record.error?.code).toBe("DATASET_NOT_FOUND");
    expect(record.error?.message.replace(/file:\/\/\S+\/data/, "file://…/data")).toMatchInlineSnapshot(`
      "This run has 1 problem:
      1. Dataset 'raw' (read by 'double', 'halve') does not exist at file://…/data/raw.json.
         Fix: Create it, or fix its path in conf/base/catalog.yml."
    `);
    expect(events.filter((e) => e.type === "node-start")).toEqual([]);
  });
});

it("suggests the dataset a node probably meant when it reads one nothing provides", async () => {
  const root = makeProject({
    "ferry.config.ts": `
import { defineCatalog, defineConfig, json, memory, node, pipeline } from "@ferry/core";
const ds = defineCatalog({ scores: json(), report: memory() });
// A hand-made ref, as namespacing without \`keep\` produces: a name no node or catalog entry provides.
const typo = { kind: "dataset", name: "scroes", type: memory() };
export const config = defineConfig({ name: "typo", catalog: ds, pipelines: { main: pipeline([
  node({ name: "report", inputs: [typo], outputs: ds.report, func: (s) => s }),
]) } });
`,
    "conf/base/catalog.yml": "scores: { path: data/scores.json }\n",
  });
  const { record } = await run(root);
  expect(record.error?.message).toContain(
    "Memory dataset 'scroes' is read by 'report' but produced by no node of this run. Did you mean 'scores'?",
  );
});

it("fails the node, not the process, when a worker thread dies under it", async () => {
  const root = makeProject({
    "ferry.config.ts": `
import { defineCatalog, defineConfig, memory, node, pipeline } from "@ferry/core";
import { isMainThread } from "node:worker_threads";
const ds = defineCatalog({ a: memory(), b: memory() });
export const config = defineConfig({ name: "exit", pipelines: { main: pipeline([
  node({ name: "quits", inputs: [], outputs: ds.a, func: () => { if (!isMainThread) process.exit(3); return 1; } }),
  node({ name: "other", inputs: [], outputs: ds.b, func: () => 2 }),
]) } });
`,
  });
  const { record } = await run(root, { parallel: 2 });
  expect(record.status).toBe("failed");
  expect(record.error?.message).toBe("Node 'quits' failed: A worker thread exited (code 3) while running a node.");
});
