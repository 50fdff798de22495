import { AsyncLocalStorage } from "node:async_hooks";

type LogSink = (node: string, message: string) => void;
const current = new AsyncLocalStorage<{ node: string; sink: LogSink }>();

/**
 * Log a message from inside a node. It becomes a `log` run event attributed to the node
 * (the CLI prints it above the progress line). Outside a run it is dropped.
 */
export function log(message: string): void {
  const scope = current.getStore();
  scope?.sink(scope.node, message);
}

export function withNodeLog<R>(node: string, sink: LogSink | undefined, fn: () => R): R {
  return sink === undefined ? fn() : current.run({ node, sink }, fn);
}
