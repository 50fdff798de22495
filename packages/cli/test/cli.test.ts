import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// The core package's throwaway-project helper: projects live inside packages/core, where
// `@ferry/core` resolves by self-reference.
import { diamondFiles, makeProject } from "../../core/test/helpers/project.ts";

const bin = join(import.meta.dirname, "../dist/bin.js");

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the CLI; with `interruptOn`, send Ctrl-C (SIGINT) once stdout shows that text. */
function ferry(cwd: string, args: string[], options: { interruptOn?: string } = {}): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    let interrupted = false;
    child.stdout.on("data", (d: Buffer) => {
      stdout += d;
      if (options.interruptOn && !interrupted && stdout.includes(options.interruptOn)) {
        interrupted = child.kill("SIGINT");
      }
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const diamond = () => makeProject(diamondFiles);

describe("ferry run", () => {
  it("runs a project and prints one summary line off a TTY", async () => {
    const root = diamond();
    const r = await ferry(root, ["run", "--pipeline", "main"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✔ Run succeeded: 3\/3 nodes in \d+ ms · run \d{8}-\d{6}-\d{3}-[0-9a-f]{4}\n$/);
    expect(r.stdout + r.stderr).not.toContain("\x1b[");
    expect(JSON.parse(readFileSync(join(root, "data/total.json"), "utf8"))).toEqual({ total: 15 });
  });

  it("runs each step as its own process with --isolation process", async () => {
    const root = diamond();
    const r = await ferry(root, ["run", "--isolation", "process", "--parallel", "2"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, "data/total.json"), "utf8"))).toEqual({ total: 15 });
  });

  it("exits 1 on a failed node, naming it and printing the resume command", async () => {
    const r = await ferry(diamond(), ["run", "--params", "fail=true", "--parallel", "2"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Node failed [NODE_FAILED]\nNode 'sum' failed: sum was asked to fail");
    expect(r.stderr).toContain("Resume with:\n  ferry run --params=fail=true --parallel=2 --from-nodes=double,halve\n");
  });

  it("exits 2 for a missing input file, before running anything", async () => {
    const root = diamond();
    rmSync(join(root, "data/raw.json"));
    const r = await ferry(root, ["run"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Dataset 'raw' (read by 'double', 'halve') does not exist");
    expect(r.stderr).not.toContain("Resume with");
  });

  it.each([
    ["an unknown --params key", ["run", "--params", "factr=1"], "Did you mean 'factor'?"],
    ["an unknown env", ["run", "--env", "prod"], "There is no config environment 'prod'"],
    ["an unknown pipeline", ["run", "--pipeline", "mian"], "The project has no pipeline 'mian'. Did you mean 'main'?"],
    ["an unknown node", ["run", "--nodes", "sun"], "The pipeline has no node 'sun'. Did you mean 'sum'?"],
    ["a bad --parallel", ["run", "--parallel", "two"], "--parallel 'two' is not a positive whole number."],
    [
      "a bad --isolation",
      ["run", "--isolation", "container"],
      "argument 'container' is invalid. Allowed choices are thread, process.",
    ],
    ["run-node without its flags", ["run-node", "--step", "sum"], "required option '--plan <file|uri>' not specified"],
    ["an unknown option", ["run", "--parralel", "2"], "unknown option '--parralel'"],
    ["an unknown command", ["rnu"], "unknown command 'rnu'"],
    ["an unknown list", ["list", "nodez"], "'ferry list nodez' is not a list Ferry knows."],
    ["--no-wait on the local target", ["run", "--no-wait"], "--no-wait does not apply to the local target"],
    [
      "a bad --load-version",
      ["run", "--load-version", "total"],
      "--load-version 'total' is not of the form dataset=version.",
    ],
  ])("exits 2 for %s", async (_, args, message) => {
    const r = await ferry(diamond(), args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it("exits 2 for bad YAML, naming file and line", async () => {
    const root = diamond();
    writeFileSync(join(root, "conf/base/parameters.yml"), "factor: [1,\n");
    const r = await ferry(root, ["run"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/conf\/base\/parameters\.yml:2:1 is not valid YAML/);
  });

  it("exits 2 outside a project", async () => {
    const r = await ferry("/", ["run"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("No ferry.config.ts in / or any folder above it.");
  });

  it("cancels on Ctrl-C, exits 130 and records the run as cancelled", async () => {
    const root = makeProject({
      "ferry.config.ts": `
import { defineConfig, log, node, pipeline, memory, defineCatalog } from "@ferry/core";
const ds = defineCatalog({ a: memory(), b: memory() });
export const config = defineConfig({ name: "slow", pipelines: { main: pipeline([
  node({ name: "slow", inputs: [], outputs: ds.a, func: () => { log("started"); return new Promise((r) => setTimeout(() => r(1), 1500)); } }),
  node({ name: "after", inputs: [ds.a], outputs: ds.b, func: (a) => a }),
]) } });
`,
    });
    const r = await ferry(root, ["run"], { interruptOn: "[slow] started" });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("Cancelling…");
    const runs = JSON.parse((await ferry(root, ["runs", "--json"])).stdout);
    expect(runs[0].status).toBe("cancelled");
    expect(Object.keys(runs[0].nodes)).toEqual(["slow"]);
  });
});

describe("targets from plugins", () => {
  const fakePlugin = `
export function fake() {
  return {
    name: "fake",
    contract: 1,
    options: { "~standard": { version: 1, vendor: "fake", validate: (v) =>
      typeof v?.region === "string" ? { value: v } : { issues: [{ message: "Expected a string", path: ["region"] }] } } },
    capabilities: { gpu: "experimental", cancel: "stable", logs: "stable", schedule: "stable" },
    async compile(ctx, plan) { return { files: { "steps.txt": plan.steps.map((s) => s.id).join("\\n") }, summary: plan.steps.length + " steps" }; },
    async package() { return { kind: "none" }; },
    async submit(ctx) { return { target: "fake", runId: ctx.runId, pollAfterMs: 0, data: { region: ctx.options.region } }; },
    // Remote state lives in files, so other processes (ferry status/cancel) see it too.
    async poll(ctx) {
      const { existsSync } = await import("node:fs");
      if (existsSync(ctx.projectRoot + "/remote-cancelled")) return { state: "cancelled" };
      if (existsSync(ctx.projectRoot + "/remote-done")) return { state: "succeeded", steps: { sum: { state: "succeeded", startedAt: 1000, endedAt: 3000 } } };
      return { state: "running" };
    },
    async cancel(ctx) { (await import("node:fs")).writeFileSync(ctx.projectRoot + "/remote-cancelled", ""); },
    async *logs(ctx, handle) { yield { at: 0, step: "sum", text: "hello from " + handle.runId }; },
    async schedule(ctx, compiled, artifact, request) {
      (await import("node:fs")).writeFileSync(ctx.projectRoot + "/schedule.json", JSON.stringify({ request, steps: compiled.files["steps.txt"] }));
      return { target: "fake", id: "schedules/" + request.name, url: "https://fake.example/" + request.name, summary: "schedule '" + request.name + "' created" };
    },
  };
}
`;
  const fakeEmulator = `
import { writeFileSync } from "node:fs";
export async function startEmulator({ projectRoot, options }) {
  return { url: "http://fake-emulator.invalid", options: { ...options, region: "emulated" },
    close: async () => writeFileSync(projectRoot + "/emulator-closed", "") };
}
`;
  const withFake = (extra: Record<string, string> = {}) =>
    makeProject({
      ...diamondFiles,
      "node_modules/ferry-runner-fake/package.json": JSON.stringify({
        name: "ferry-runner-fake",
        type: "module",
        exports: { ".": "./index.js", "./emulator": "./emulator.js" },
      }),
      "node_modules/ferry-runner-fake/index.js": fakePlugin,
      "node_modules/ferry-runner-fake/emulator.js": fakeEmulator,
      "conf/base/targets.yml": "fake:\n  region: europe-west4\n",
      ...extra,
    });

  it("runs on an installed plugin found by name, with options from targets.yml", async () => {
    const root = withFake({ "remote-done": "" });
    const r = await ferry(root, ["run", "--target", "fake"]);
    expect(r.code).toBe(0);
    const [run] = JSON.parse((await ferry(root, ["runs", "--json"])).stdout);
    expect(run).toMatchObject({ target: "fake", status: "succeeded", handle: { data: { region: "europe-west4" } } });
    const targets = JSON.parse((await ferry(root, ["targets", "--json"])).stdout);
    expect(targets.map((t: { name: string }) => t.name)).toEqual(["local", "fake"]);
    expect(targets[1].capabilities).toMatchObject({
      gpu: "experimental",
      cancel: "stable",
      schedule: "stable",
      deploy: "unsupported",
    });
  });

  it("runs against the target's emulator with --emulate, and stops it after", async () => {
    const root = withFake({ "remote-done": "" });
    const r = await ferry(root, ["run", "--target", "fake", "--emulate"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      "Emulating fake at http://fake-emulator.invalid: nothing is sent to the cloud's pipeline service.",
    );
    const [run] = JSON.parse((await ferry(root, ["runs", "--json"])).stdout);
    expect(run).toMatchObject({ target: "fake", status: "succeeded", handle: { data: { region: "emulated" } } });
    expect(existsSync(join(root, "emulator-closed"))).toBe(true);
  });

  it.each([
    ["--emulate on the local target", ["run", "--emulate"], "--emulate applies to remote targets"],
    [
      "--emulate with --no-wait",
      ["run", "--target", "fake", "--emulate", "--no-wait"],
      "the run cannot outlive it (--no-wait)",
    ],
    ["a schedule on a target that cannot", ["schedule", "--cron", "0 3 * * *"], "Target 'local' cannot schedule runs."],
    ["a deploy on a target that cannot", ["deploy", "--target", "fake"], "Target 'fake' cannot deploy pipelines."],
    [
      "an invalid cron and time zone",
      ["schedule", "--target", "fake", "--cron", "0 25 * *", "--timezone", "Moon/Base"],
      "Invalid schedule:\n- --cron '0 25 * *' needs five fields (minute hour day-of-month month day-of-week), e.g. '0 3 * * *'\n- --timezone 'Moon/Base' is not an IANA time zone",
    ],
    ["a schedule without --cron", ["schedule", "--target", "fake"], "required option '--cron <expr>' not specified"],
  ])("exits 2 for %s", async (_, args, message) => {
    const r = await ferry(withFake(), args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it("exits 2 for --emulate on a target whose package has no emulator", async () => {
    const root = withFake({
      "node_modules/ferry-runner-fake/package.json": JSON.stringify({
        name: "ferry-runner-fake",
        type: "module",
        exports: "./index.js",
      }),
    });
    const r = await ferry(root, ["run", "--target", "fake", "--emulate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "Target 'fake' ships no emulator (no ./emulator export in @ferry/runner-fake or ferry-runner-fake).",
    );
  });

  it("schedules a compiled, packaged pipeline on the target", async () => {
    const root = withFake();
    const r = await ferry(root, [
      "schedule",
      "--target",
      "fake",
      "--cron",
      "30 2 * * 1-5",
      "--timezone",
      "Europe/Paris",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: "schedules/diamond", summary: "schedule 'diamond' created" });
    expect(JSON.parse(readFileSync(join(root, "schedule.json"), "utf8"))).toEqual({
      request: { name: "diamond", cron: "30 2 * * 1-5", timeZone: "Europe/Paris" },
      steps: "double\nhalve\nsum",
    });
  });

  it("compiles offline for a target and explains its steps", async () => {
    const root = withFake();
    const out = join(root, "out");
    const compiled = await ferry(root, ["compile", "--target", "fake", "--out", out, "--json"]);
    expect(compiled.code).toBe(0);
    expect(JSON.parse(compiled.stdout)).toEqual({
      target: "fake",
      summary: "3 steps",
      files: [join(out, "plan.json"), join(out, "steps.txt")],
    });
    expect(readFileSync(join(out, "steps.txt"), "utf8")).toBe("double\nhalve\nsum");
    expect(JSON.parse(readFileSync(join(out, "plan.json"), "utf8"))).toMatchObject({
      runId: "compiled",
      pipeline: "__default__",
    });
    const explained = JSON.parse((await ferry(root, ["explain", "--isolation", "process", "--json"])).stdout);
    expect(explained.preflight).toEqual([]);
    expect(explained.steps[2]).toEqual({
      resources: {},
      step: "sum",
      nodes: ["sum"],
      dependsOn: ["double", "halve"],
      fused: [],
      placement: "run-node process",
      warnings: [],
    });
    expect(explained.intermediates).toEqual(["doubled", "halved"]);
    const grouped = JSON.parse((await ferry(root, ["explain", "--group", "auto", "--json"])).stdout);
    expect(grouped.steps.map((s: { step: string; nodes: string[] }) => [s.step, s.nodes])).toEqual([
      ["double", ["double", "halve", "sum"]],
    ]);
    expect(grouped.intermediates).toEqual([]);
  });

  it("exits 2 before compiling when preflight finds problems, listing them all", async () => {
    const strict = fakePlugin
      .replace(
        'capabilities: { gpu: "experimental", cancel: "stable", logs: "stable", schedule: "stable" },',
        'capabilities: {}, schemes: ["gs"],',
      )
      .replace(
        "async package()",
        'async preflight(ctx, plan) { return plan.steps.filter((s) => s.id.length > 4).map((s) => ({ message: "Step name " + s.id + " is too long", fix: "Rename it" })); },\n    async package()',
      );
    const root = withFake({
      "node_modules/ferry-runner-fake/index.js": strict,
      "conf/base/resources.yml": "nodes: { double: { gpu: { count: 2 } } }\n",
    });
    const r = await ferry(root, ["run", "--target", "fake"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "Preflight failed [PREFLIGHT_FAILED]\nThe run cannot go to target 'fake' as planned (7 problems):",
    );
    expect(r.stderr).toContain("1. Step 'double' requests 2 GPUs, but target 'fake' has no GPUs.");
    expect(r.stderr).toMatch(
      /\d\. Dataset 'raw' is at file:\/\/\S+\/data\/raw\.json, which steps on 'fake' cannot reach \(it reads gs:\/\/\)\./,
    );
    expect(r.stderr).toContain("Fix: Point 'raw' at a gs:// URI in conf/<env>/catalog.yml for this env.");
    expect(r.stderr).toContain("Fix: Set the target's storage root to a gs:// location in conf/<env>/targets.yml.");
    expect(r.stderr).toContain("Step name double is too long");
    expect(r.stderr).toContain("Step name halve is too long");
    expect(existsSync(join(root, ".ferry/compiled"))).toBe(false);
  });

  it("follows a remote run from other processes: status polls it, cancel and logs go through the target", async () => {
    const root = withFake();
    const submitted = await ferry(root, ["run", "--target", "fake", "--no-wait"]);
    expect(submitted.code).toBe(0);
    const id = /Submitted run (\S+) to fake/.exec(submitted.stdout)?.[1] as string;
    expect((await ferry(root, ["status", id])).stdout).toContain(`Run ${id} · running · target fake`);
    writeFileSync(join(root, "remote-done"), "");
    const done = JSON.parse((await ferry(root, ["status", id, "--json"])).stdout);
    expect(done).toMatchObject({ status: "succeeded", nodes: { sum: { status: "succeeded", durationMs: 2000 } } });
    expect((await ferry(root, ["logs", id])).stdout).toBe(`1970-01-01T00:00:00.000Z [sum] hello from ${id}\n`);

    rmSync(join(root, "remote-done"));
    const second = /Submitted run (\S+)/.exec(
      (await ferry(root, ["run", "--target", "fake", "--no-wait"])).stdout,
    )?.[1] as string;
    const cancelled = await ferry(root, ["cancel", second]);
    expect(cancelled.stdout).toBe(`Run ${second}: cancelled\n`);
    expect((await ferry(root, ["cancel", second])).stdout).toBe(`Run ${second} is cancelled; nothing to cancel.\n`);
  });

  it("refuses secret-looking step environment variables before anything is compiled", async () => {
    const root = diamond();
    writeFileSync(
      join(root, "conf/base/targets.yml"),
      "local:\n  isolation: process\n  env:\n    LOG_LEVEL: debug\n    DB_PASSWORD: hunter2\n    UPLOAD: AKIAABCDEFGHIJKLMNOP\n",
    );
    const r = await ferry(root, ["run"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("(2 problems)");
    expect(r.stderr).toContain("1. Environment variable DB_PASSWORD of the steps looks like a secret");
    expect(r.stderr).toContain("2. Environment variable UPLOAD of the steps looks like a secret");
    expect(r.stderr).not.toContain("LOG_LEVEL");
  });

  it("passes the target's env to step processes", async () => {
    const root = makeProject({
      ...diamondFiles,
      "ferry.config.ts": diamondFiles["ferry.config.ts"].replace(
        "func: (r) => r.values.map((v) => v / 2)",
        "func: (r) => r.values.map((v) => v / Number(process.env.HALF_BY))",
      ),
      "conf/base/targets.yml": "local:\n  isolation: process\n  env: { HALF_BY: '4' }\n",
    });
    expect((await ferry(root, ["run"])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, "data/total.json"), "utf8"))).toEqual({ total: 13.5 });
  });

  it("packages for a target through its package phase", async () => {
    const r = await ferry(withFake(), ["package", "--target", "fake"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("fake packages nothing: it runs the project in place.\n");
  });

  it("exits 2 with the install command when no plugin provides the target", async () => {
    const r = await ferry(diamond(), ["run", "--target", "batch"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "No runner plugin for target 'batch': neither @ferry/runner-batch nor ferry-runner-batch is installed",
    );
    expect(r.stderr).toContain(
      "Hint: Install it: pnpm add -D @ferry/runner-batch (or ferry-runner-batch for a community runner).",
    );
  });

  it("exits 2 naming the key path of invalid target options", async () => {
    const r = await ferry(withFake({ "conf/base/targets.yml": "fake:\n  region: 42\n" }), ["run", "--target", "fake"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "Options for target 'fake' (conf/base/targets.yml) are invalid:\n- region: Expected a string",
    );
  });

  it("exits 2 when a plugin package lacks its factory export", async () => {
    const r = await ferry(withFake({ "node_modules/ferry-runner-fake/index.js": "export const other = 1;" }), [
      "run",
      "--target",
      "fake",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("ferry-runner-fake has no export 'fake'.");
  });
});

describe("ferry package", () => {
  it("builds the bundle and prints its digest, folder and sizes (JSON too)", async () => {
    const root = diamond();
    const r = await ferry(root, ["package", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const bundle = JSON.parse(r.stdout);
    expect(bundle).toMatchObject({ kind: "bundle", digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(existsSync(join(bundle.dir, "bin/ferry"))).toBe(true);
  });

  it("exits 2 naming the import it cannot bundle", async () => {
    const root = makeProject({
      ...diamondFiles,
      // Node resolves it only when called; the bundler must resolve it now. (Spelled so the
      // repo's dependency check does not take it for an import of this test.)
      "ferry.config.ts": `${diamondFiles["ferry.config.ts"]}\nexport const later = () => ${"import"}("left-pad");\n`,
    });
    const r = await ferry(root, ["package"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Packaging failed [PACKAGE_FAILED]\nBundling the project at");
    expect(r.stderr).toMatch(/ferry\.config\.ts:\d+: Could not resolve "left-pad"/);
    expect(r.stderr).toContain("Hint: Fix the import above");
  });
});

describe("a run killed with kill -9", () => {
  it("leaves the previous complete dataset, never a truncated one, and shows as interrupted", async () => {
    const size = 64 * 1024 * 1024;
    const root = makeProject({
      "ferry.config.ts": `
import { bytes, defineCatalog, defineConfig, defineParams, node, pipeline } from "@ferry/core";
const ds = defineCatalog({ big: bytes() });
const params = defineParams();
export const config = defineConfig({ name: "big", catalog: ds, params, pipelines: { main: pipeline([
  node({ name: "fill", inputs: [params("fill")], outputs: ds.big, func: (k) => new Uint8Array(${size}).fill(k) }),
]) } });
`,
      "conf/base/catalog.yml": "big: { path: data/big.bin }\n",
      "conf/base/parameters.yml": "fill: 1\n",
    });
    expect((await ferry(root, ["run"])).code).toBe(0);
    const child = spawn(process.execPath, [bin, "run", "--params", "fill=2"], { cwd: root, stdio: "ignore" });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    const data = join(root, "data");
    const deadline = Date.now() + 30_000;
    while (!readdirSync(data).some((f) => f.startsWith(".ferry-tmp-")) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1));
    }
    child.kill("SIGKILL");
    await exited;
    expect(
      readdirSync(data).filter((f) => f.startsWith(".ferry-tmp-")),
      "killed mid-save",
    ).toHaveLength(1);
    const content = readFileSync(join(data, "big.bin"));
    expect(content.length).toBe(size);
    expect(content.every((b) => b === content[0])).toBe(true);
    const [killed] = JSON.parse((await ferry(root, ["runs", "--json"])).stdout);
    expect(killed.status).toBe("interrupted");
  }, 60_000);
});

describe("local runs from another process", () => {
  it("ferry cancel stops a local run in the process running it; ferry logs prints what its nodes logged", async () => {
    const root = makeProject({
      "ferry.config.ts": `
import { defineConfig, log, node, pipeline, memory, defineCatalog } from "@ferry/core";
const ds = defineCatalog({ a: memory(), b: memory() });
export const config = defineConfig({ name: "slow", pipelines: { main: pipeline([
  node({ name: "slow", inputs: [], outputs: ds.a, func: () => { log("started"); return new Promise((r) => setTimeout(() => r(1), 3000)); } }),
  node({ name: "after", inputs: [ds.a], outputs: ds.b, func: (a) => a }),
]) } });
`,
    });
    const child = spawn(process.execPath, [bin, "run"], { cwd: root, env: { ...process.env, NO_COLOR: "1" } });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    await new Promise<void>((resolve) =>
      child.stdout.on("data", (d: Buffer) => d.toString().includes("started") && resolve()),
    );
    const [running] = JSON.parse((await ferry(root, ["runs", "--json"])).stdout);
    expect(running.status).toBe("running");
    const cancelled = await ferry(root, ["cancel", running.id]);
    expect(cancelled.stdout).toBe(`Run ${running.id}: cancelled\n`);
    expect(await exited).toBe(130);
    expect((await ferry(root, ["logs", running.id])).stdout).toMatch(/^\S+Z \[slow\] started\n$/);
  });
});

describe("read commands", () => {
  it("lists pipelines, nodes, datasets and params, as JSON too", async () => {
    const root = diamond();
    expect((await ferry(root, ["list"])).stdout).toMatchInlineSnapshot(`
      "name         nodes
      main         3
      __default__  3
      "
    `);
    const nodes = JSON.parse((await ferry(root, ["list", "nodes", "--json"])).stdout);
    expect(nodes[2]).toEqual({
      name: "sum",
      inputs: ["doubled", "halved", "params:fail"],
      outputs: ["total"],
      tags: [],
    });
    const datasets = JSON.parse((await ferry(root, ["list", "datasets", "--json"])).stdout);
    expect(datasets.map((d: { name: string; type: string }) => `${d.name}:${d.type}`)).toEqual([
      "raw:json",
      "doubled:memory",
      "halved:memory",
      "total:json",
    ]);
    const params = JSON.parse((await ferry(root, ["list", "params", "--json", "--params", "factor=4"])).stdout);
    expect(params).toEqual([
      { name: "factor", value: 4 },
      { name: "fail", value: false },
    ]);
  });

  it("shows runs and a run's status by id prefix", async () => {
    const root = diamond();
    await ferry(root, ["run"]);
    const [run] = JSON.parse((await ferry(root, ["runs", "--json"])).stdout);
    expect(run.status).toBe("succeeded");
    const status = await ferry(root, ["status", run.id.slice(0, 18)]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`Run ${run.id} · succeeded · target local · pipeline __default__`);
    expect(status.stdout).toMatch(/sum\s+succeeded/);
    const missing = await ferry(root, ["status", "19990101"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("No run '19990101'");
  });

  it("lists the installed targets with their capabilities", async () => {
    const targets = JSON.parse((await ferry(diamond(), ["targets", "--json"])).stdout);
    expect(targets[0]).toMatchObject({
      name: "local",
      capabilities: { cancel: "stable", gpu: "limited", schedule: "unsupported" },
    });
  });

  it("has --help on every command", async () => {
    const root = diamond();
    for (const command of [[], ["run"], ["list"], ["targets"], ["runs"], ["status"], ["package"]]) {
      const r = await ferry(root, [...command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("Usage: ferry");
    }
    expect(existsSync(join(root, ".ferry"))).toBe(false);
  });
});
