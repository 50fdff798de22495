import { parentPort, workerData } from "node:worker_threads";
import type { Node } from "../node.ts";
import { openSession, type SessionOptions } from "../session/session.ts";
import { toErrorInfo } from "./error-info.ts";
import { runNode } from "./run-node.ts";
import { decodeTransfer, encodeForTransfer } from "./transfer.ts";

/** A message from the pool: run one node with these memory inputs. */
export interface RunRequest {
  readonly id: number;
  readonly node: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

export type RunReply =
  | { readonly log: true; readonly node: string; readonly message: string }
  | { readonly id: number; readonly ok: true; readonly outputs: Record<string, unknown> }
  | { readonly id: number; readonly ok: false; readonly error: ReturnType<typeof toErrorInfo> };

const port = parentPort;
if (port === null) throw new Error("runner/worker must run in a worker thread");

const sessionReady = openSession(workerData as SessionOptions).then((session) => {
  const nodes = new Map<string, Node>();
  for (const p of session.project.pipelines.values()) for (const n of p.nodes) nodes.set(n.name, n);
  return { session, nodes };
});
// A failed start is reported on the first request; keep it from being an unhandled rejection.
sessionReady.catch(() => {});

port.on("message", async (request: RunRequest) => {
  try {
    const { session, nodes } = await sessionReady;
    const n = nodes.get(request.node);
    if (n === undefined) throw new Error(`Worker found no node '${request.node}' in the project.`);
    const memory = new Map<string, unknown>();
    for (const [name, value] of Object.entries(request.inputs)) memory.set(name, await decodeTransfer(value));
    const before = new Set(memory.keys());
    const log = (node: string, message: string) => port.postMessage({ log: true, node, message } satisfies RunReply);
    await runNode(n, { catalog: session.catalog, memory, paramValue: session.paramValue, log });
    const outputs: Record<string, unknown> = {};
    for (const [name, value] of memory) if (!before.has(name)) outputs[name] = encodeForTransfer(value);
    port.postMessage({ id: request.id, ok: true, outputs } satisfies RunReply);
  } catch (error) {
    port.postMessage({ id: request.id, ok: false, error: toErrorInfo(error) } satisfies RunReply);
  }
});
