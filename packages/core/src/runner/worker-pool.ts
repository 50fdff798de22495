import { Worker } from "node:worker_threads";
import { fromErrorInfo } from "./error-info.ts";
import { decodeTransfer } from "./transfer.ts";
import type { RunReply, RunRequest, WorkerInit } from "./worker.ts";

// Running from sources (tests, type-stripped) the worker is worker.ts; from the build, worker.js.
const workerUrl = new URL(`./worker.${import.meta.url.endsWith(".ts") ? "ts" : "js"}`, import.meta.url);

export interface WorkerPool {
  /** Run a node on an idle worker; resolves with its memory outputs. */
  run(node: string, inputs: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** `size` worker threads, each with the project loaded once. Callers keep at most `size` runs in flight. */
export function createWorkerPool(
  size: number,
  init: WorkerInit,
  log: (node: string, message: string) => void,
): WorkerPool {
  const idle: Worker[] = [];
  const all: Worker[] = [];
  const calls = new Map<
    number,
    { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void; worker: Worker }
  >();
  let ids = 0;
  let failure: Error | undefined;
  let closing = false;
  for (let i = 0; i < size; i++) {
    const worker = new Worker(workerUrl, { workerData: init });
    worker.on("message", (reply: RunReply) => {
      if ("log" in reply) return log(reply.node, reply.message);
      const call = calls.get(reply.id);
      if (!call) return;
      calls.delete(reply.id);
      idle.push(worker);
      if (!reply.ok) return call.reject(fromErrorInfo(reply.error));
      decodeAll(reply.outputs).then(call.resolve, call.reject);
    });
    // A dead worker (uncaught error, process.exit in node code) fails its call and leaves the pool.
    const lost = (error: Error) => {
      failure ??= error;
      const at = idle.indexOf(worker);
      if (at >= 0) idle.splice(at, 1);
      for (const [id, call] of calls) {
        if (call.worker !== worker) continue;
        calls.delete(id);
        call.reject(error);
      }
    };
    worker.on("error", lost);
    worker.on("exit", (code) => {
      if (!closing) lost(new Error(`A worker thread exited (code ${code}) while running a node.`));
    });
    all.push(worker);
    idle.push(worker);
  }
  return {
    run(node, inputs) {
      const worker = idle.pop();
      if (worker === undefined) return Promise.reject(failure ?? new Error("Worker pool over-subscribed"));
      const id = ids++;
      return new Promise((resolve, reject) => {
        calls.set(id, { resolve, reject, worker });
        worker.postMessage({ id, node, inputs } satisfies RunRequest);
      });
    },
    async close() {
      closing = true;
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}

async function decodeAll(values: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) out[name] = await decodeTransfer(value);
  return out;
}
