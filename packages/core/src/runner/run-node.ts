import type { DataCatalog } from "../catalog/data-catalog.ts";
import { FerryError } from "../errors/ferry-error.ts";
import { isParamName } from "../names.ts";
import type { Node } from "../node.ts";
import { withNodeLog } from "./node-log.ts";

/** Where a node's inputs come from and its outputs go. */
export interface NodeIO {
  readonly catalog: DataCatalog;
  /** Values of non-persistent datasets of this run. */
  readonly memory: Map<string, unknown>;
  paramValue(name: string): unknown;
  /** Receives what the node passes to `log()`. */
  readonly log?: ((node: string, message: string) => void) | undefined;
}

async function load(io: NodeIO, name: string): Promise<unknown> {
  if (isParamName(name)) return io.paramValue(name);
  if (io.memory.has(name)) return io.memory.get(name);
  if (!io.catalog.isPersistent(name)) {
    throw new FerryError("DATASET_ERROR", {
      message: `Memory dataset '${name}' holds no value: the node that produces it did not run in this run.`,
      hint: `Include its producer in the run, or persist '${name}' in catalog.yml.`,
      details: { dataset: name, operation: "load" },
    });
  }
  return io.catalog.load(name);
}

function outputValues(n: Node, result: unknown): unknown[] {
  if (n.outputs.length === 0) return [];
  if (!n.multiOutput) return [result];
  if (!Array.isArray(result) || result.length !== n.outputs.length) {
    throw new FerryError("NODE_FAILED", {
      message: `Node '${n.name}' must return an array of ${n.outputs.length} values (one per output), got ${Array.isArray(result) ? `${result.length} values` : typeof result}.`,
      details: { node: n.name },
    });
  }
  return result;
}

/**
 * Load a node's inputs, call it, save its outputs. Every failure becomes NODE_FAILED naming
 * the node (and the dataset, when a load or save failed).
 */
export async function runNode(n: Node, io: NodeIO): Promise<void> {
  try {
    const args: unknown[] = [];
    for (const ref of n.inputs) args.push(await load(io, ref.name));
    let result = withNodeLog(n.name, io.log, () => n.func(...args));
    if (result instanceof Promise) result = await result;
    const values = outputValues(n, result);
    for (let i = 0; i < n.outputs.length; i++) {
      const name = (n.outputs[i] as { name: string }).name;
      const value = values[i];
      if (value === undefined) {
        throw new FerryError("NODE_FAILED", {
          message: `Node '${n.name}' returned undefined for its output '${name}'.`,
          hint: "Return a value for every output, or declare the node with `outputs: null`.",
          details: { node: n.name, dataset: name },
        });
      }
      if (io.catalog.isPersistent(name)) await io.catalog.save(name, value);
      else io.memory.set(name, value);
    }
  } catch (cause) {
    throw nodeError(n.name, cause);
  }
}

export function nodeError(node: string, cause: unknown): FerryError {
  if (FerryError.is(cause, "NODE_FAILED") && cause.details.node === node) return cause;
  const dataset = FerryError.is(cause, "DATASET_ERROR") ? (cause.details.dataset as string) : undefined;
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new FerryError("NODE_FAILED", {
    message: `Node '${node}' failed${dataset ? ` on dataset '${dataset}'` : ""}: ${detail}`,
    hint: FerryError.is(cause) ? cause.hint : undefined,
    cause,
    details: { node, dataset },
  });
}
