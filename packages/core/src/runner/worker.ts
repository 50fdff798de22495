import { enableCompileCache } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import type { SessionSpec } from "../session/session.ts";
import type { toErrorInfo } from "./error-info.ts";

/** What a worker starts with: the session to bind and the pipeline whose nodes it runs. */
export interface WorkerInit {
  readonly spec: SessionSpec;
  readonly pipeline: string;
}

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

// Worker start-up is mostly module loading: reuse the compiled code cache, then load.
enableCompileCache();
const [{ bindSession }, { toErrorInfo: errorInfo }, { decodeTransfer, encodeForTransfer }, { runNode }] =
  await Promise.all([
    import("../session/session.ts"),
    import("./error-info.ts"),
    import("./transfer.ts"),
    import("./run-node.ts"),
  ]);
const init = workerData as WorkerInit;
const ready = bindSession(init.spec).then((session) => ({ session, pipeline: session.pipeline(init.pipeline) }));
// A failed start is reported on the first request; keep it from being an unhandled rejection.
ready.catch(() => {});

port.on("message", async (request: RunRequest) => {
  try {
    const { session, pipeline } = await ready;
    const n = pipeline.node(request.node);
    const memory = new Map<string, unknown>();
    for (const [name, value] of Object.entries(request.inputs)) memory.set(name, await decodeTransfer(value));
    const before = new Set(memory.keys());
    const log = (node: string, message: string) => port.postMessage({ log: true, node, message } satisfies RunReply);
    await runNode(n, { catalog: session.catalog, memory, paramValue: session.paramValue, log });
    const outputs: Record<string, unknown> = {};
    for (const [name, value] of memory) if (!before.has(name)) outputs[name] = encodeForTransfer(value);
    port.postMessage({ id: request.id, ok: true, outputs } satisfies RunReply);
  } catch (error) {
    port.postMessage({ id: request.id, ok: false, error: errorInfo(error) } satisfies RunReply);
  }
});
