import { renderPlaceholders } from "./placeholders.ts";
import type { ReadSpec, SpecTask } from "./read-spec.ts";

/** A task's state, in the names both platforms share (each emulator maps them to its own). */
export type TaskState = "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED" | "NOT_TRIGGERED";

/** What a container runner gets for one attempt of a task: placeholders already resolved. */
export interface TaskLaunch {
  readonly task: string;
  readonly image: string;
  /** `command` followed by `args`, as a container entrypoint would run them. */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly attempt: number;
}

/** Runs one container; resolves to its exit status and, on failure, a line worth reporting. */
export type ContainerRunner = (
  launch: TaskLaunch,
  signal: AbortSignal,
) => Promise<{ readonly exitCode: number; readonly message?: string | undefined }>;

export interface TaskUpdate {
  readonly task: string;
  readonly state: TaskState;
  readonly at: number;
  readonly message?: string;
}

export interface ExecuteOptions {
  readonly jobUuid: string;
  readonly jobName: string;
  readonly pipelineRoot: string;
  /** Runtime values of root input parameters; missing ones take the spec's defaults. */
  readonly parameterValues?: Readonly<Record<string, unknown>>;
  readonly run: ContainerRunner;
  /** Tasks running at once. @default 4 */
  readonly concurrency?: number;
  /** Abort to cancel: running tasks are stopped, pending ones never start. */
  readonly signal?: AbortSignal;
  onTask?(update: TaskUpdate): void;
}

export interface ExecuteResult {
  readonly state: "SUCCEEDED" | "FAILED" | "CANCELLED";
  /** The first task that failed, and why. */
  readonly failed?: { readonly task: string; readonly message: string };
}

/** Values of the root inputs for this run, or the parameters missing a value. */
export function resolveParameters(
  spec: ReadSpec,
  values: Readonly<Record<string, unknown>> = {},
): { values: Record<string, unknown>; problems: string[] } {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const name of Object.keys(values)) {
    if (!(name in spec.parameters)) problems.push(`parameterValues.${name}: the pipeline has no input '${name}'`);
  }
  for (const [name, p] of Object.entries(spec.parameters)) {
    if (name in values) {
      out[name] = values[name];
      if (!fitsType(p.type, values[name]))
        problems.push(`parameterValues.${name}: ${JSON.stringify(values[name])} is not a ${p.type}`);
    } else if (p.defaultValue !== undefined) out[name] = p.defaultValue;
    else if (!p.optional) problems.push(`parameterValues.${name}: required, and the spec gives no default`);
  }
  return { values: out, problems };
}

function fitsType(type: string, value: unknown): boolean {
  switch (type) {
    case "NUMBER_INTEGER":
      return Number.isInteger(value);
    case "NUMBER_DOUBLE":
      return typeof value === "number" && Number.isFinite(value);
    case "STRING":
      return typeof value === "string";
    case "BOOLEAN":
      return typeof value === "boolean";
    case "LIST":
      return Array.isArray(value);
    default:
      return typeof value === "object" && value !== null && !Array.isArray(value);
  }
}

/**
 * Run the tasks of a read spec in dependency order, each as a container through `run`,
 * retrying as its retry policy allows. The first failure fails the run: running tasks
 * finish, tasks not started become NOT_TRIGGERED (a fail-fast policy).
 */
export async function executeSpec(spec: ReadSpec, options: ExecuteOptions): Promise<ExecuteResult> {
  const { values } = resolveParameters(spec, options.parameterValues);
  const signal = options.signal ?? new AbortController().signal;
  const notify = (task: string, state: TaskState, message?: string) =>
    options.onTask?.({ task, state, at: Date.now(), ...(message === undefined ? {} : { message }) });
  const done = new Set<string>();
  const pending = new Set(spec.tasks.map((t) => t.name));
  const running = new Map<string, Promise<void>>();
  let failed: ExecuteResult["failed"];
  for (const t of spec.tasks) notify(t.name, "PENDING");

  const runTask = async (task: SpecTask) => {
    notify(task.name, "RUNNING");
    let last: { exitCode: number; message?: string | undefined } = { exitCode: 1 };
    for (let attempt = 0; attempt <= task.maxRetries && !signal.aborted; attempt++) {
      last = await options.run(launchOf(task, attempt, values, options), signal).catch((error: unknown) => ({
        exitCode: 1,
        message: error instanceof Error ? error.message : String(error),
      }));
      if (last.exitCode === 0) break;
    }
    if (signal.aborted && last.exitCode !== 0) return notify(task.name, "CANCELLED");
    if (last.exitCode === 0) {
      done.add(task.name);
      return notify(task.name, "SUCCEEDED");
    }
    const message = last.message ?? `The container exited with status ${last.exitCode}.`;
    failed ??= { task: task.name, message };
    notify(task.name, "FAILED", message);
  };

  const concurrency = Math.max(1, options.concurrency ?? 4);
  while (!signal.aborted && failed === undefined) {
    for (const task of spec.tasks) {
      if (running.size >= concurrency) break;
      if (!pending.has(task.name) || !task.dependsOn.every((d) => done.has(d))) continue;
      pending.delete(task.name);
      running.set(
        task.name,
        runTask(task).finally(() => running.delete(task.name)),
      );
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  await Promise.all(running.values());
  for (const name of pending) notify(name, signal.aborted ? "CANCELLED" : "NOT_TRIGGERED");
  if (failed !== undefined) return { state: "FAILED", failed };
  return { state: signal.aborted || pending.size > 0 ? "CANCELLED" : "SUCCEEDED" };
}

function launchOf(
  task: SpecTask,
  attempt: number,
  parameters: Readonly<Record<string, unknown>>,
  options: ExecuteOptions,
): TaskLaunch {
  const inputs = Object.fromEntries(Object.entries(task.inputs).map(([input, root]) => [input, parameters[root]]));
  const values = {
    jobUuid: options.jobUuid,
    jobName: options.jobName,
    taskName: task.name,
    pipelineRoot: options.pipelineRoot,
    inputs,
  };
  return {
    task: task.name,
    image: task.image,
    argv: [...task.command, ...task.args].map((s) => renderPlaceholders(s, values)),
    env: task.env,
    attempt,
  };
}
