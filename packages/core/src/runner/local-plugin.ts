import { fileURLToPath, pathToFileURL } from "node:url";
import { FerryError } from "../errors/ferry-error.ts";
import type { ExecutionPlan } from "../plan/plan.ts";
import { type RunnerPlugin, type RunStatus, type StepStatus, TERMINAL_STATES } from "../plugin/contract.ts";
import { defineRunnerPlugin } from "../plugin/define.ts";
import { lazySchema } from "../schema/lazy-schema.ts";
import { openSession } from "../session/session.ts";
import { toErrorInfo } from "./error-info.ts";
import type { RunEvent } from "./events.ts";
import { execute } from "./execute.ts";
import { runStepsInProcesses } from "./process-steps.ts";

/** Options of the local target. */
export interface LocalOptions {
  /** Nodes (or, with process isolation, steps) at once. @default 1 */
  readonly parallel: number;
  /**
   * `thread`: nodes run in this process (on worker threads when parallel > 1).
   * `process`: each step of the plan runs as its own `run-node` process, as on a cloud.
   * @default "thread"
   */
  readonly isolation: "thread" | "process";
  /** Environment variables of step processes (process isolation). @default {} */
  readonly env: Readonly<Record<string, string>>;
  /**
   * `none`: steps run the project in place. `bundle`: `package` builds the bundle a
   * container would run (`ferry package`) and each step process runs from it, as on a cloud
   * (needs `isolation: process`). @default "none"
   */
  readonly package: "none" | "bundle";
}

const localOptions = lazySchema<LocalOptions>(async () => {
  const { z } = await import("zod");
  return z
    .strictObject({
      parallel: z.int().min(1).max(256).default(1),
      isolation: z.enum(["thread", "process"]).default("thread"),
      env: z.record(z.string(), z.string()).default({}),
      package: z.enum(["none", "bundle"]).default("none"),
    })
    .refine((o) => o.package === "none" || o.isolation === "process", {
      message: "package: bundle runs each step from the bundle, in its own process: set isolation: process",
      path: ["package"],
    });
});

interface ActiveRun {
  done: Promise<void>;
  readonly controller: AbortController;
  state: RunStatus["state"];
  readonly steps: Map<string, StepStatus>;
  error?: RunStatus["error"];
}

/** Runs started by this process, by run id. */
const active = new Map<string, ActiveRun>();

function statusOf(run: ActiveRun): RunStatus {
  return {
    state: run.state,
    steps: Object.fromEntries(run.steps),
    ...(run.error ? { error: run.error } : {}),
  };
}

/** The built-in `local` target: runs the plan in this process (one thread, or worker threads). */
export function createLocalPlugin(): RunnerPlugin<LocalOptions> {
  return defineRunnerPlugin<LocalOptions>({
    name: "local",
    contract: 1,
    options: localOptions,
    // gpu "limited": nodes see whatever GPUs this machine has; nothing is allocated.
    capabilities: { cancel: "stable", parallel: "stable", explain: "stable", gpu: "limited" },
    async compile(_ctx, plan) {
      return {
        files: { "plan.json": `${JSON.stringify(plan, null, 2)}\n` },
        summary: `${plan.steps.length} nodes`,
      };
    },
    async package(ctx) {
      if (ctx.options.package === "none") return { kind: "none" };
      const { buildBundle } = await import("../package/bundle.ts");
      const bundle = await buildBundle({ cwd: ctx.projectRoot });
      return { kind: "bundle", uri: pathToFileURL(bundle.dir).href, digest: bundle.digest };
    },
    async explain(ctx, plan) {
      const { isolation, parallel } = ctx.options;
      const placement =
        isolation === "process" ? "run-node process" : parallel > 1 ? "worker thread" : "the ferry process";
      return plan.steps.map((s) => ({ step: s.id, placement }));
    },
    async submit(ctx, compiled, artifact) {
      const plan = JSON.parse(compiled.files["plan.json"] ?? "null") as ExecutionPlan;
      if (active.has(plan.runId)) return { target: "local", runId: plan.runId, pollAfterMs: 0 };
      const session = await openSession({
        cwd: plan.project.root,
        env: plan.env ?? undefined,
        params: plan.session.paramOverrides,
        loadVersions: plan.session.loadVersions,
        saveVersion: plan.session.saveVersion,
      });
      const all = session.pipeline(plan.pipeline);
      const nodes = plan.steps.flatMap((s) => s.nodes);
      const pipeline = nodes.length === all.nodes.length ? all : all.only({ nodes });
      // The run outlives the submit phase and its time limit: only cancel() stops it.
      const controller = new AbortController();
      const steps = new Map<string, StepStatus>();
      const run: ActiveRun = { controller, state: "running", steps, done: Promise.resolve() };
      const emit = (event: RunEvent) => {
        if (event.type === "node-start") steps.set(event.node, { state: "running", startedAt: event.at });
        else if (event.type === "node-end" || event.type === "node-fail") {
          const prev = steps.get(event.node);
          steps.set(event.node, {
            state: event.type === "node-end" ? "succeeded" : "failed",
            ...(prev?.startedAt ? { startedAt: prev.startedAt } : {}),
            endedAt: event.at,
            ...(event.type === "node-fail" ? { error: event.error } : {}),
          });
        }
        ctx.emit(event);
      };
      const { parallel, isolation } = ctx.options;
      const signal = controller.signal;
      const running =
        isolation === "process"
          ? runStepsInProcesses({
              plan,
              root: session.project.root,
              storage: session.catalog.services.storage,
              parallel,
              signal,
              emit,
              ...(artifact.kind === "bundle" && artifact.uri ? { bundle: fileURLToPath(artifact.uri) } : {}),
            })
          : execute({ session, pipeline, pipelineName: plan.pipeline, runId: plan.runId, parallel, signal, emit });
      const done = running.then(
        (result) => {
          run.state = result.status;
          if (result.failed) run.error = toErrorInfo(result.failed.error);
        },
        (error: unknown) => {
          run.state = "failed";
          run.error = toErrorInfo(error);
        },
      );
      run.done = done;
      active.set(plan.runId, run);
      return { target: "local", runId: plan.runId, pollAfterMs: 0 };
    },
    async poll(_ctx, handle) {
      const run = active.get(handle.runId);
      if (run === undefined) {
        throw new FerryError("RUN_NOT_FOUND", {
          message: `Local run '${handle.runId}' is not running in this process.`,
          hint: "Local runs live in the process that started them; its run record holds the final status.",
        });
      }
      // Long poll: answer as soon as the run ends, or with the current state after 200 ms.
      await Promise.race([run.done, new Promise((r) => setTimeout(r, 200).unref())]);
      const status = statusOf(run);
      if (TERMINAL_STATES.has(status.state)) active.delete(handle.runId);
      return status;
    },
    async cancel(_ctx, handle) {
      const run = active.get(handle.runId);
      if (run) {
        run.controller.abort();
        if (run.state === "running") run.state = "cancelling";
      }
    },
  });
}
