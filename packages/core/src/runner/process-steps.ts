import { type ChildProcess, spawn } from "node:child_process";
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
    runOne: ({ step }) => runStepProcess(step, plan, root, emit, children),
  });
  // A finished run's intermediates are never read again; a failed run's stay for inspection.
  if (result.status === "succeeded") {
    const prefix = `${plan.storageRoot}/${plan.runId}/`;
    const driver = storage.driverFor(prefix);
    for (const uri of await driver.list(prefix)) await driver.delete(uri);
  }
  return result;
}

function runStepProcess(
  step: PlanStep,
  plan: ExecutionPlan,
  root: string,
  emit: EventSink,
  children: Set<ChildProcess>,
): Promise<void> {
  const args = [fileURLToPath(bin), "--plan", plan.planUri, "--step", step.id, "--run-id", plan.runId];
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...step.env },
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
