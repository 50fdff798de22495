import type { Node } from "../node.ts";
import type { Pipeline } from "../pipeline/pipeline.ts";
import { toErrorInfo } from "./error-info.ts";
import type { EventSink } from "./events.ts";

export interface ScheduleResult {
  readonly status: "succeeded" | "failed" | "cancelled";
  /** Nodes that finished, in completion order. */
  readonly completed: readonly string[];
  readonly failed?: { readonly node: string; readonly error: unknown } | undefined;
}

export interface ScheduleOptions {
  readonly runId: string;
  readonly pipeline: Pipeline;
  /** Nodes running at once. */
  readonly concurrency: number;
  runOne(node: Node): Promise<void>;
  /** Called once no running or pending node reads `dataset` any more. */
  release(dataset: string): void;
  readonly signal?: AbortSignal | undefined;
  readonly emit: EventSink;
}

/**
 * Run a pipeline's nodes as their inputs become ready, up to `concurrency` at once, in the
 * pipeline's topological order. After a failure or a cancel nothing new starts; running
 * nodes finish first.
 */
export function schedule(options: ScheduleOptions): Promise<ScheduleResult> {
  const { runId, pipeline, concurrency, runOne, release, signal, emit } = options;
  const nodes = pipeline.nodes;
  const pending = new Map<Node, number>();
  const children = new Map<Node, Node[]>();
  const readers = new Map<string, number>();
  for (const n of nodes) {
    const parents = new Set<Node>();
    for (const ref of n.inputs) {
      readers.set(ref.name, (readers.get(ref.name) ?? 0) + 1);
      const p = pipeline.producerOf(ref.name);
      if (p !== undefined && p !== n) parents.add(p);
    }
    pending.set(n, parents.size);
    for (const p of parents) (children.get(p) ?? children.set(p, []).get(p))?.push(n);
  }
  const ready: Node[] = nodes.filter((n) => pending.get(n) === 0);
  let next = 0;
  let running = 0;
  const completed: string[] = [];
  let failed: ScheduleResult["failed"];

  return new Promise((resolve) => {
    const finish = () => {
      const status = failed ? "failed" : signal?.aborted && completed.length < nodes.length ? "cancelled" : "succeeded";
      resolve({ status, completed, failed });
    };
    const done = (n: Node, started: number) => {
      running--;
      completed.push(n.name);
      emit({
        type: "node-end",
        runId,
        node: n.name,
        at: Date.now(),
        durationMs: Date.now() - started,
      });
      for (const ref of n.inputs) {
        const left = (readers.get(ref.name) ?? 1) - 1;
        readers.set(ref.name, left);
        if (left === 0) release(ref.name);
      }
      for (const c of children.get(n) ?? []) {
        const left = (pending.get(c) ?? 1) - 1;
        pending.set(c, left);
        if (left === 0) ready.push(c);
      }
      pump();
    };
    const fail = (n: Node, started: number, error: unknown) => {
      running--;
      failed ??= { node: n.name, error };
      const at = Date.now();
      emit({
        type: "node-fail",
        runId,
        node: n.name,
        at,
        durationMs: at - started,
        error: toErrorInfo(error),
      });
      pump();
    };
    const pump = () => {
      while (failed === undefined && !signal?.aborted && running < concurrency && next < ready.length) {
        const n = ready[next++] as Node;
        running++;
        const started = Date.now();
        emit({ type: "node-start", runId, node: n.name, at: started });
        runOne(n).then(
          () => done(n, started),
          (error: unknown) => fail(n, started, error),
        );
      }
      if (running === 0) finish();
    };
    pump();
  });
}
