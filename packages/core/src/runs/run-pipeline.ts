import { setTimeout as sleep } from "node:timers/promises";
import type { OnlyOptions, Pipeline } from "../pipeline/pipeline.ts";
import type { Grouping } from "../plan/grouping.ts";
import { plan } from "../plan/plan.ts";
import { type Logger, type RunnerPlugin, type RunStatus, TERMINAL_STATES } from "../plugin/contract.ts";
import { wrapPlugin } from "../plugin/wrap.ts";
import { toErrorInfo } from "../runner/error-info.ts";
import type { RunEvent } from "../runner/events.ts";
import { resumeNodes } from "../runner/resume.ts";
import type { Session } from "../session/session.ts";
import type { RunRecord } from "./run-record.ts";
import { createRunId, createRunStore } from "./run-store.ts";
import { stageRun } from "./stage.ts";

/** Progress of a run as the CLI shows it: run events plus phase changes. */
export type RunProgress = RunEvent | { readonly type: "phase"; readonly phase: string; readonly runId: string };

export interface RunPipelineOptions {
  readonly session: Session;
  readonly pipelineName: string;
  readonly filters?: OnlyOptions | undefined;
  readonly plugin: RunnerPlugin<any>;
  /** Target options, already validated with the plugin's schema. */
  readonly targetOptions: unknown;
  /** The run's options as given, kept in the record (and used to print a resume command). */
  readonly recordOptions?: Record<string, unknown> | undefined;
  readonly logger: Logger;
  /** Abort to cancel: before submit the run stops; after, the target is asked to cancel. */
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: RunProgress) => void) | undefined;
  /** Return right after submit. @default true */
  readonly wait?: boolean | undefined;
  readonly runId?: string | undefined;
  /** How nodes become steps. @default "none" */
  readonly grouping?: Grouping | undefined;
}

const WRITE_EVERY_MS = 1000;
const MAX_LOGS = 1000;

/**
 * Fold one status read into a record. Targets that report steps (not node events) fill the
 * per-node table from them; node events, when there are any, stay the finer source.
 */
export function applyStatus(record: RunRecord, status: RunStatus): void {
  record.status = status.state;
  for (const [step, s] of Object.entries(status.steps ?? {})) {
    const known = record.nodes[step];
    // Steps not started (queued) or never run (cancelled) have no row; finished rows are final.
    if ((known && known.status !== "running") || s.state === "queued" || (s.state === "cancelled" && !known)) continue;
    record.nodes[step] = {
      status: s.state === "succeeded" ? "succeeded" : s.state === "failed" ? "failed" : "running",
      ...(s.startedAt === undefined ? {} : { startedAt: s.startedAt }),
      ...(s.endedAt === undefined ? {} : { endedAt: s.endedAt }),
      ...(s.startedAt !== undefined && s.endedAt !== undefined ? { durationMs: s.endedAt - s.startedAt } : {}),
      ...(s.error ? { error: s.error } : {}),
    };
  }
  if (status.error) record.error = status.error;
}

/** A target option named `storageRoot` (a URI) is where the run's intermediates go. */
export function storageRootOf(targetOptions: unknown): string | undefined {
  const root = (targetOptions as { storageRoot?: unknown } | undefined)?.storageRoot;
  return typeof root === "string" ? root : undefined;
}

/** A target option named `env` (a map of strings) is the steps' environment. */
export function envOf(targetOptions: unknown): Record<string, string> | undefined {
  const env = (targetOptions as { env?: unknown } | undefined)?.env;
  if (typeof env !== "object" || env === null) return undefined;
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** A project pipeline, narrowed by the run's filters when any is given. */
export function selectPipeline(session: Session, name: string, filters: OnlyOptions = {}): Pipeline {
  const base = session.pipeline(name);
  const hasFilter = Object.values(filters).some((v) => Array.isArray(v) && v.length > 0);
  return hasFilter ? base.only(filters) : base;
}

/** plan → compile → package → submit → poll, keeping `.ferry/runs/<id>.json` up to date. */
export async function runPipeline(options: RunPipelineOptions): Promise<RunRecord> {
  const { session, plugin, logger, onProgress } = options;
  const runId = options.runId ?? createRunId();
  const pipeline = selectPipeline(session, options.pipelineName, options.filters);
  const store = createRunStore(session.project.root);
  const record: RunRecord = {
    id: runId,
    project: session.project.config.name,
    target: plugin.name,
    pipeline: options.pipelineName,
    env: session.env ?? null,
    params: session.params,
    options: options.recordOptions ?? {},
    targetOptions: options.targetOptions,
    pid: process.pid,
    status: "queued",
    createdAt: Date.now(),
    nodes: {},
  };
  let lastWrite = 0;
  const save = async () => {
    lastWrite = Date.now();
    await store.write(record);
  };
  const onEvent = (event: RunEvent) => {
    if (event.type === "node-start") record.nodes[event.node] = { status: "running", startedAt: event.at };
    else if (event.type === "node-end" || event.type === "node-fail") {
      const node = record.nodes[event.node] ?? { status: "running" };
      node.status = event.type === "node-end" ? "succeeded" : "failed";
      node.endedAt = event.at;
      node.durationMs = event.durationMs;
      if (event.type === "node-fail") node.error = event.error;
      record.nodes[event.node] = node;
    } else if (event.type === "log") {
      record.logs ??= [];
      record.logs.push({ at: event.at, node: event.node, message: event.message });
      if (record.logs.length > MAX_LOGS) record.logs.shift();
    }
    onProgress?.(event);
  };
  const preSubmit = new AbortController();
  let handle: RunRecord["handle"];
  // Before submit, abort stops the phases; after it, the poll loop asks the target to cancel.
  options.signal?.addEventListener("abort", () => handle ?? preSubmit.abort(), { once: true });
  const runtime = wrapPlugin(plugin, options.targetOptions, {
    runId,
    projectRoot: session.project.root,
    logger,
    signal: preSubmit.signal,
    emit: onEvent,
  });
  const phase = (name: string) => onProgress?.({ type: "phase", phase: name, runId });

  await save();
  let status: RunStatus;
  try {
    phase("plan");
    const thePlan = plan(session, pipeline, {
      runId,
      pipelineName: options.pipelineName,
      grouping: options.grouping,
      storageRoot: storageRootOf(options.targetOptions),
      env: envOf(options.targetOptions),
    });
    const { compiled, artifact } = await stageRun(runtime, session, thePlan, phase);
    phase("submit");
    handle = await runtime.submit(compiled, artifact);
    record.handle = handle;
    record.status = "running";
    await save();
    if (options.wait === false) return record;
    phase("run");
    let cancelSent = false;
    for (;;) {
      if (options.signal?.aborted && !cancelSent) {
        cancelSent = true;
        phase("cancel");
        await runtime.cancel(handle);
      }
      status = await runtime.poll(handle);
      applyStatus(record, status);
      if (TERMINAL_STATES.has(status.state)) break;
      if (Date.now() - lastWrite > WRITE_EVERY_MS) await save();
      if ((handle.pollAfterMs ?? 5000) > 0) await sleep(handle.pollAfterMs ?? 5000, undefined, { ref: true });
    }
  } catch (error) {
    status = preSubmit.signal.aborted ? { state: "cancelled" } : { state: "failed", error: toErrorInfo(error) };
  }
  record.status = status.state;
  if (status.error) record.error = status.error;
  record.endedAt = Date.now();
  record.durationMs = record.endedAt - record.createdAt;
  if (status.state === "failed" && Object.keys(record.nodes).length > 0) {
    const completed = new Set(
      Object.entries(record.nodes)
        .filter(([, n]) => n.status === "succeeded")
        .map(([k]) => k),
    );
    record.resumeFrom = resumeNodes(pipeline, completed, (d) => session.catalog.isPersistent(d));
  }
  await save();
  return record;
}
