import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLocalPlugin, openSession, plan, runPipeline } from "@ferry/core";
import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import { intermediate } from "../src/catalog/types/intermediate.ts";
import { createStorageRegistry } from "../src/storage/registry.ts";
import { diamondFiles, makeProject } from "./helpers/project.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

async function run(root: string, isolation: "thread" | "process", params: string[] = [], parallel = 1) {
  const session = await openSession({ cwd: root, params });
  return runPipeline({
    session,
    pipelineName: "main",
    plugin: createLocalPlugin(),
    targetOptions: { parallel, isolation },
    logger: silent,
  });
}

describe("execution plan", () => {
  it("stores memory datasets that cross steps as run-scoped intermediates, deterministically", async () => {
    const root = makeProject(diamondFiles);
    const session = await openSession({ cwd: root, saveVersion: "v1" });
    const p = plan(session, session.pipeline("main"), { runId: "r1", pipelineName: "main" });
    expect(JSON.stringify(plan(session, session.pipeline("main"), { runId: "r1", pipelineName: "main" }))).toBe(
      JSON.stringify(p),
    );
    expect(p.steps.map((s) => [s.id, s.dependsOn])).toEqual([
      ["double", []],
      ["halve", []],
      ["sum", ["double", "halve"]],
    ]);
    const intermediates = `file://${root}/.ferry/intermediate/r1`;
    expect(p.datasets.doubled).toEqual({
      role: "intermediate",
      type: "intermediate",
      uri: `${intermediates}/doubled`,
      versioned: false,
      loadArgs: {},
      saveArgs: {},
      producer: "double",
      consumers: ["sum"],
    });
    expect(p.datasets.raw).toMatchObject({ role: "persistent", type: "json", consumers: ["double", "halve"] });
    expect(p.steps[2]?.command).toEqual(["ferry", "run-node", "--plan", p.planUri, "--step", "sum", "--run-id", "r1"]);
  });
});

describe("intermediate format", () => {
  it.each([
    ["json", { a: [1, "two", null], b: { c: true } }],
    ["bytes", new Uint8Array([0, 1, 255])],
    [
      "v8",
      new Map<string, unknown>([
        ["when", new Date(0)],
        ["set", new Set([1, 2])],
      ]),
    ],
  ])("round-trips %s values", async (format, value) => {
    const storage = createStorageRegistry("/");
    const entry = {
      name: "x",
      type: "intermediate",
      uri: "memory://run/x",
      versioned: false,
      loadArgs: {},
      saveArgs: {},
    };
    const dataset = intermediate().create(entry, { storage, versions: { save: "v", load: {} } });
    await dataset.save(value);
    const raw = await storage.driverFor("memory://run/x").read("memory://run/x");
    expect(new TextDecoder().decode(raw.subarray(0, raw.indexOf(10)))).toBe(`ferry-intermediate/1 ${format}`);
    expect(await dataset.load()).toEqual(value);
  });

  it("round-trips a DataFrame as Arrow IPC", async () => {
    const storage = createStorageRegistry("/");
    const entry = {
      name: "t",
      type: "intermediate",
      uri: "memory://run/t",
      versioned: false,
      loadArgs: {},
      saveArgs: {},
    };
    const dataset = intermediate().create(entry, { storage, versions: { save: "v", load: {} } });
    const frame = pl.DataFrame({ id: [1, 2], name: ["a", null] });
    await dataset.save(frame);
    expect(((await dataset.load()) as pl.DataFrame).frameEqual(frame)).toBe(true);
  });
});

describe("local target, process isolation", () => {
  it("runs each step as a run-node process with the same outputs as in-process, then drops its intermediates", async () => {
    const inProcess = makeProject(diamondFiles);
    const processes = makeProject(diamondFiles);
    await run(inProcess, "thread", ["factor=5"]);
    const record = await run(processes, "process", ["factor=5"], 2);
    expect(record.status).toBe("succeeded");
    expect(Object.keys(record.nodes).sort()).toEqual(["double", "halve", "sum"]);
    expect(readFileSync(join(processes, "data/total.json"), "utf8")).toBe(
      readFileSync(join(inProcess, "data/total.json"), "utf8"),
    );
    expect(readdirSync(join(processes, ".ferry/intermediate", record.id))).toEqual([]);
  });

  it("names the failed node, keeps the intermediates and says where to resume", async () => {
    const root = makeProject(diamondFiles);
    const record = await run(root, "process", ["fail=true"]);
    expect(record.status).toBe("failed");
    expect(record.error).toMatchObject({
      code: "NODE_FAILED",
      node: "sum",
      message: "Node 'sum' failed: sum was asked to fail",
    });
    expect(record.resumeFrom).toEqual(["double", "halve"]);
    expect(readdirSync(join(root, ".ferry/intermediate", record.id)).sort()).toEqual(["doubled", "halved"]);
  });

  it("run-node takes parameter values a platform passes (--param-json, --param-string), and refuses unknown ones", async () => {
    const root = makeProject(diamondFiles);
    const record = await run(root, "process");
    const planPath = join(root, ".ferry/runs", record.id, "plan.json");
    const bin = join(import.meta.dirname, "../dist/runtime/bin.js");
    const runNode = (step: string, ...flags: string[]) =>
      spawnSync(process.execPath, [bin, "--plan", planPath, "--step", step, "--run-id", record.id, ...flags], {
        cwd: root,
      });
    // The intermediates of a successful run are gone: run the three steps again, with factor 3.
    expect(runNode("double", "--param-json", "factor=3").status).toBe(0);
    expect(runNode("halve").status).toBe(0);
    expect(runNode("sum", "--param-json", "fail=false").status).toBe(0);
    expect(JSON.parse(readFileSync(join(root, "data/total.json"), "utf8"))).toEqual({ total: 21 }); // 18 + 3
    const failing = runNode("sum", "--param-json", "fail=true");
    expect(failing.status).toBe(1);
    const lastOf = (r: ReturnType<typeof runNode>) =>
      JSON.parse(r.stdout.toString().trim().split("\n").at(-1) as string);
    expect(lastOf(failing).error.message).toContain("sum was asked to fail");
    const unknown = runNode("sum", "--param-json", "factr=2");
    expect(unknown.status).toBe(2);
    expect(lastOf(unknown).error).toMatchObject({
      code: "PARAM_UNKNOWN",
      message: "--param-json factr: the plan has no parameter 'factr'. Did you mean 'factor'?",
    });
    const notJson = runNode("sum", "--param-json", "factor=three");
    expect(notJson.status).toBe(2);
    expect(lastOf(notJson).error.message).toBe("--param-json factor: 'three' is not JSON.");
    expect(runNode("sum", "--param-string", "factor").status).toBe(2);
  });

  it("run-node exits 2 naming the steps when asked for one the plan lacks", async () => {
    const root = makeProject(diamondFiles);
    const record = await run(root, "process");
    const planPath = fileURLToPath(`file://${root}/.ferry/runs/${record.id}/plan.json`);
    expect(existsSync(planPath)).toBe(true);
    const bin = join(import.meta.dirname, "../dist/runtime/bin.js");
    const r = spawnSync(process.execPath, [bin, "--plan", planPath, "--step", "summ", "--run-id", record.id], {
      cwd: root,
    });
    expect(r.status).toBe(2);
    const last = JSON.parse(r.stdout.toString().trim().split("\n").at(-1) as string);
    expect(last).toMatchObject({ type: "error", error: { code: "USAGE_INVALID" } });
    expect(last.error.message).toBe(`The plan of run ${record.id} has no step 'summ'. Did you mean 'sum'?`);
    const missing = spawnSync(process.execPath, [bin, "--plan", "nowhere.json", "--step", "sum", "--run-id", "x"], {
      cwd: root,
    });
    expect(missing.status).toBe(2);
    expect(missing.stdout.toString()).toContain("Could not read the plan at file://");
  });
});
