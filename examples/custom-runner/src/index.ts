import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { isProcessAlive } from "@ferry/core";
import { defineRunnerPlugin, type RunnerPlugin } from "@ferry/core/plugin";
import { z } from "zod";
import { targetOf, toMakefile } from "./makefile.ts";
import { snapshotProject } from "./snapshot.ts";
import { readState } from "./state.ts";

const options = z.strictObject({
  /** Steps at once (`make -j`). */
  jobs: z.int().min(1).default(2),
  /** The make binary. */
  make: z.string().min(1).default("make"),
});
export type MakeOptions = z.output<typeof options>;

/** Every node_modules/.bin from the project up, so `ferry` resolves in recipes. */
function binPath(root: string): string {
  const dirs = [dirname(process.execPath)];
  for (let dir = root; dirname(dir) !== dir; dir = dirname(dir)) dirs.push(join(dir, "node_modules", ".bin"));
  return [...dirs, process.env.PATH ?? ""].join(delimiter);
}

/** The `make` target: runs a plan's steps with GNU make, detached, on this machine. */
export function make(): RunnerPlugin<MakeOptions> {
  return defineRunnerPlugin<MakeOptions>({
    name: "make",
    contract: 1,
    options,
    capabilities: { cancel: "stable", logs: "stable", parallel: "stable", gpu: "unsupported" },
    schemes: ["file"],
    async compile(_ctx, plan) {
      return {
        files: { Makefile: toMakefile(plan), "plan.json": `${JSON.stringify(plan, null, 2)}\n` },
        summary: `${plan.steps.length} make targets`,
      };
    },
    async package(ctx) {
      const { path, digest } = snapshotProject(ctx.projectRoot);
      return { kind: "bundle", uri: path, digest };
    },
    async submit(ctx, compiled, artifact) {
      const dir = join(ctx.projectRoot, ".ferry", "make", ctx.runId);
      const plan = JSON.parse(compiled.files["plan.json"] as string);
      const handle = (pid: number) => ({
        target: "make",
        runId: ctx.runId,
        pollAfterMs: 250,
        data: { dir, pid, steps: plan.steps.map((s: { id: string }) => s.id) },
      });
      if (existsSync(join(dir, "pid"))) return handle(Number(readFileSync(join(dir, "pid"), "utf8")));
      for (const sub of ["state", "logs"]) mkdirSync(join(dir, sub), { recursive: true });
      for (const [name, content] of Object.entries(compiled.files)) writeFileSync(join(dir, name), content);
      // The plan's steps read it where the planner said it would be.
      mkdirSync(dirname(new URL(plan.planUri).pathname), { recursive: true });
      writeFileSync(new URL(plan.planUri), compiled.files["plan.json"] as string);
      const log = openSync(join(dir, "make.log"), "w");
      const child = spawn(ctx.options.make, [`-j${ctx.options.jobs}`, "-f", "Makefile", `SNAPSHOT=${artifact.uri}`], {
        cwd: dir,
        detached: true,
        stdio: ["ignore", log, log],
        env: { ...process.env, PATH: binPath(ctx.projectRoot) },
      });
      child.unref();
      writeFileSync(join(dir, "pid"), String(child.pid));
      return handle(child.pid as number);
    },
    async poll(_ctx, h) {
      const { dir, pid, steps } = h.data as { dir: string; pid: number; steps: string[] };
      return readState(dir, steps, pid);
    },
    async cancel(_ctx, h) {
      const { dir, pid } = h.data as { dir: string; pid: number };
      writeFileSync(join(dir, "state", "cancelled"), "");
      if (isProcessAlive(pid)) process.kill(-pid, "SIGTERM"); // make and the steps it started
    },
    async *logs(_ctx, h) {
      const { dir, steps } = h.data as { dir: string; steps: string[] };
      for (const [i, step] of steps.entries()) {
        const file = join(dir, "logs", `${targetOf(i)}.log`);
        if (!existsSync(file)) continue;
        for (const line of readFileSync(file, "utf8").split("\n").filter(Boolean)) {
          try {
            const event = JSON.parse(line);
            const text = event.node === step ? event.message : `[${event.node}] ${event.message}`;
            if (event.type === "log") yield { at: event.at, step, text };
          } catch {
            yield { at: 0, step, text: line };
          }
        }
      }
    },
  });
}
