import type { Pipeline } from "../pipeline/pipeline.ts";
import { type Problem, throwProblems } from "../pipeline/validate.ts";
import type { Session } from "../session/session.ts";
import { didYouMean } from "../suggest.ts";
import { toErrorInfo } from "./error-info.ts";
import type { EventSink } from "./events.ts";
import { nodeError, runNode } from "./run-node.ts";
import { type ScheduleResult, schedule } from "./schedule.ts";
import { encodeForTransfer } from "./transfer.ts";
import { createWorkerPool } from "./worker-pool.ts";

export interface ExecuteOptions {
  readonly session: Session;
  readonly pipeline: Pipeline;
  /** The project pipeline `pipeline` was selected from (workers look nodes up there). @default "__default__" */
  readonly pipelineName?: string | undefined;
  readonly runId: string;
  /** Nodes at once: 1 runs in this thread; N > 1 runs on N worker threads. @default 1 */
  readonly parallel?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly emit?: EventSink | undefined;
}

/** Inputs the run reads but nothing provides: memory datasets no node of the run produces, missing files. */
async function missingInputs(session: Session, pipeline: Pipeline): Promise<{ memory: Problem[]; files: Problem[] }> {
  const memory: Problem[] = [];
  const files: Problem[] = [];
  const others = (name: string) =>
    new Set([...session.catalog.names(), ...session.pipeline().datasets()].filter((d) => d !== name));
  for (const name of pipeline.freeInputs()) {
    const producer = session.pipeline().producerOf(name);
    const readers = pipeline
      .consumersOf(name)
      .map((n) => `'${n.name}'`)
      .join(", ");
    if (!session.catalog.isPersistent(name)) {
      memory.push({
        message: `Memory dataset '${name}' is read by ${readers} but produced by no node of this run.${producer ? "" : didYouMean(name, others(name))}`,
        fix: producer
          ? `Include '${producer.name}' in the run (e.g. --from-nodes=${producer.name}), or persist '${name}' in catalog.yml.`
          : `Declare '${name}' in catalog.ts and give it a path in conf/base/catalog.yml.`,
      });
    } else if (!(await session.catalog.exists(name))) {
      const where = session.catalog.describe(name).uri;
      files.push({
        message: `Dataset '${name}' (read by ${readers}) does not exist${typeof where === "string" ? ` at ${where}` : ""}.`,
        fix: producer
          ? `Run '${producer.name}' first (e.g. --from-nodes=${producer.name}), or fix its path in catalog.yml.`
          : `Create it, or fix its path in conf/${session.env ?? "base"}/catalog.yml.`,
      });
    }
  }
  return { memory, files };
}

/** Run a pipeline in this process: in this thread, or on worker threads with `parallel` > 1. */
export async function execute(options: ExecuteOptions): Promise<ScheduleResult> {
  const { session, pipeline, runId, signal, pipelineName = "__default__" } = options;
  const emit = options.emit ?? (() => {});
  const parallel = Math.max(1, Math.min(options.parallel ?? 1, pipeline.nodes.length));
  const memory = new Map<string, unknown>();
  const log = (node: string, message: string) => emit({ type: "log", runId, node, at: Date.now(), message });
  const io = { catalog: session.catalog, memory, paramValue: session.paramValue, log };
  // Workers start while the inputs are checked.
  const pool =
    parallel > 1 ? createWorkerPool(parallel, { spec: session.spec, pipeline: pipelineName }, log) : undefined;
  let result: ScheduleResult;
  try {
    const missing = await missingInputs(session, pipeline);
    throwProblems("This run", missing.memory);
    throwProblems("This run", missing.files, "DATASET_NOT_FOUND");
    emit({ type: "run-start", runId, nodes: pipeline.nodes.map((n) => n.name), at: Date.now() });
    result = await schedule({
      units: pipeline.nodes.map((node) => ({
        node,
        name: node.name,
        parents: [...new Set(node.inputs.map((r) => pipeline.producerOf(r.name)?.name))].filter(
          (p): p is string => p !== undefined && p !== node.name,
        ),
        reads: node.inputs.map((r) => r.name),
      })),
      concurrency: parallel,
      signal,
      release: (name) => memory.delete(name),
      onStart: (u, at) => emit({ type: "node-start", runId, node: u.name, at }),
      onEnd: (u, at, durationMs) => emit({ type: "node-end", runId, node: u.name, at, durationMs }),
      onFail: (u, at, durationMs, error) =>
        emit({ type: "node-fail", runId, node: u.name, at, durationMs, error: toErrorInfo(error) }),
      runOne: pool
        ? async ({ node: n }) => {
            const inputs: Record<string, unknown> = {};
            for (const ref of n.inputs) {
              if (memory.has(ref.name)) inputs[ref.name] = encodeForTransfer(memory.get(ref.name));
            }
            try {
              const outputs = await pool.run(n.name, inputs);
              for (const [name, value] of Object.entries(outputs)) memory.set(name, value);
            } catch (error) {
              throw nodeError(n.name, error);
            }
          }
        : ({ node: n }) => runNode(n, io),
    });
  } finally {
    await pool?.close();
  }
  const error = result.failed ? toErrorInfo(result.failed.error) : undefined;
  emit({ type: "run-end", runId, status: result.status, at: Date.now(), error });
  return result;
}
