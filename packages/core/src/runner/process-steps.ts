import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { ExecutionPlan, PlanStep } from "../plan/plan.ts";
import type { StorageRegistry } from "../storage/registry.ts";
import { fromErrorInfo } from "./error-info.ts";
import type { ErrorInfo, EventSink, RunEvent } from "./events.ts";
import { type ScheduleResult, schedule } from "./schedule.ts";

// From sources (tests) the entry is bin.ts; from the build, bin.js. Both run on this Node.
const bin = new URL(`../runtime/bin.${import.meta.url.endsWith(".ts") ? "ts" : "js"}`, import.meta.url);

export interface ProcessStepsOptions {
  readonly plan: ExecutionPlan;
  readonly root: string;
  readonly storage: StorageRegistry;
  /** Steps at once. */
  readonly parallel: number;
  readonly signal: AbortSignal;
  readonly emit: EventSink;
  /** A bundle folder (`ferry package`): steps run its `bin/ferry`, from inside it. */
  readonly bundle?: string;
}

/**
 * Run every step of a plan as its own `run-node` process, in dependency order, up to
 * `parallel` at once: the path every cloud step takes, on this machine.
 */
export async function runStepsInProcesses(options: ProcessStepsOptions): Promise<ScheduleResult> {
  const { plan, root, storage, emit, signal } = options;
  await storage.driverFor(plan.planUri).write(plan.planUri, new TextEncoder().encode(JSON.stringify(plan)));
  const children = new Set<ChildProcess>();
  signal.addEventListener("abort", () => {
    for (const child of children) child.kill("SIGTERM");
  });
  const result = await schedule({
    units: plan.steps.map((step) => ({ step, name: step.id, parents: step.dependsOn, reads: [] })),
    concurrency: options.parallel,
    signal,
    runOne: ({ step }) =>
      runStepProcess(step, plan, options.bundle ? bundleLauncher(options.bundle) : inPlace(root), emit, children),
  });
  // A finished run's intermediates are never read again; a failed run's stay for inspection.
  if (result.status === "succeeded") {
    const prefix = `${plan.storageRoot}/${plan.runId}/`;
    const driver = storage.driverFor(prefix);
    for (const uri of await driver.list(prefix)) await driver.delete(uri);
  }
  return result;
}

/** How a step's `ferry run-node …` command is started. */
interface Launcher {
  readonly command: string;
  readonly prefix: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

/** The project's own sources, through core's runtime entry, on this Node. */
function inPlace(root: string): Launcher {
  return { command: process.execPath, prefix: [fileURLToPath(bin)], cwd: root, env: {} };
}

/** A bundle's launcher, from inside the bundle, on this Node (as a container would run it). */
function bundleLauncher(dir: string): Launcher {
  return { command: join(dir, "bin", "ferry"), prefix: ["run-node"], cwd: dir, env: { FERRY_NODE: process.execPath } };
}

function runStepProcess(
  step: PlanStep,
  plan: ExecutionPlan,
  launcher: Launcher,
  emit: EventSink,
  children: Set<ChildProcess>,
): Promise<void> {
  const args = [...launcher.prefix, "--plan", plan.planUri, "--step", step.id, "--run-id", plan.runId];
  const child = spawn(launcher.command, args, {
    cwd: launcher.cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...launcher.env, ...step.env },
  });
  children.add(child);
  let error: ErrorInfo | undefined;
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  createInterface({ input: child.stdout }).on("line", (line) => {
    let event: RunEvent | { type: "error"; error: ErrorInfo };
    try {
      event = JSON.parse(line);
    } catch {
      return; // not protocol output (a node printing to stdout)
    }
    if (event.type === "error") error = event.error;
    else if (event.type !== "run-start" && event.type !== "run-end") emit(event);
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signalName) => {
      children.delete(child);
      if (code === 0) return resolve();
      reject(
        error
          ? fromErrorInfo(error)
          : new Error(
              `Step '${step.id}' exited with ${signalName ?? `code ${code}`}.${stderr ? `\n${stderr.trim()}` : ""}`,
            ),
      );
    });
  });
}
