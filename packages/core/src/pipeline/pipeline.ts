import { FerryError } from "../errors/ferry-error.ts";
import { isParamName } from "../names.ts";
import type { Node } from "../node.ts";
import { didYouMean } from "../suggest.ts";
import type { Wiring } from "./graph.ts";
import { validateNodes } from "./validate.ts";

/** Node filters; several given → the nodes that pass all of them. */
export interface OnlyOptions {
  /** Nodes with at least one of these tags. */
  tags?: readonly string[] | undefined;
  /** Exactly these nodes. */
  nodes?: readonly string[] | undefined;
  /** These nodes and everything downstream of them. */
  from?: readonly string[] | undefined;
  /** These nodes and everything upstream of them. */
  to?: readonly string[] | undefined;
}

/**
 * An immutable, validated set of nodes. Nodes are kept in a stable topological order:
 * running them in `nodes` order respects every dependency.
 */
const PIPELINE = Symbol.for("ferry.pipeline");

export class Pipeline {
  readonly nodes: readonly Node[];
  readonly [PIPELINE] = true;
  readonly #wiring: Wiring;
  readonly #byName: ReadonlyMap<string, Node>;

  /** Validates `nodes` (all problems in one error) and orders them. */
  constructor(nodes: readonly Node[]) {
    const { order, wiring } = validateNodes(nodes);
    this.nodes = Object.freeze(order);
    this.#wiring = wiring;
    this.#byName = new Map(order.map((n) => [n.name, n]));
  }

  /** True for a Pipeline from any copy of @ferry/core. */
  static is(value: unknown): value is Pipeline {
    return typeof value === "object" && value !== null && PIPELINE in value;
  }

  node(name: string): Node {
    const found = this.#byName.get(name);
    if (found === undefined) {
      throw new FerryError("NODE_NOT_FOUND", {
        message: `The pipeline has no node '${name}'.${didYouMean(name, this.#byName.keys())}`,
        hint: "List the nodes with `ferry list nodes`.",
      });
    }
    return found;
  }

  producerOf(dataset: string): Node | undefined {
    return this.#wiring.producers.get(dataset)?.[0];
  }

  consumersOf(dataset: string): readonly Node[] {
    return this.#wiring.consumers.get(dataset) ?? [];
  }

  /** Every dataset name (parameters excluded), in first-use order. */
  datasets(): string[] {
    const names = new Set<string>();
    for (const n of this.nodes) for (const ref of [...n.inputs, ...n.outputs]) names.add(ref.name);
    return [...names].filter((name) => !isParamName(name));
  }

  /** Datasets read but produced by no node of this pipeline (parameters excluded). */
  freeInputs(): string[] {
    return this.datasets().filter((d) => !this.#wiring.producers.has(d) && this.#wiring.consumers.has(d));
  }

  /** Union of both pipelines (a node present in both, as the same object, is kept once). */
  add(other: Pipeline): Pipeline {
    return new Pipeline([...new Set([...this.nodes, ...other.nodes])]);
  }

  /** The sub-pipeline that passes every given filter. Unknown node names are errors. */
  only(options: OnlyOptions): Pipeline {
    let keep = new Set(this.nodes);
    const intersect = (set: Set<Node>) => {
      keep = new Set([...keep].filter((n) => set.has(n)));
    };
    if (options.tags?.length) {
      const tags = new Set(options.tags);
      intersect(new Set(this.nodes.filter((n) => n.tags.some((t) => tags.has(t)))));
    }
    if (options.nodes?.length) intersect(new Set(options.nodes.map((name) => this.node(name))));
    if (options.from?.length) intersect(this.#reach(options.from, "down"));
    if (options.to?.length) intersect(this.#reach(options.to, "up"));
    if (keep.size === 0) {
      throw new FerryError("FILTER_EMPTY", {
        message: "The filters select no node of the pipeline.",
      });
    }
    return new Pipeline(this.nodes.filter((n) => keep.has(n)));
  }

  #reach(names: readonly string[], direction: "up" | "down"): Set<Node> {
    const found = new Set<Node>();
    const stack = names.map((name) => this.node(name));
    while (stack.length > 0) {
      const n = stack.pop() as Node;
      if (found.has(n)) continue;
      found.add(n);
      if (direction === "down") {
        for (const ref of n.outputs) stack.push(...this.consumersOf(ref.name));
      } else {
        for (const ref of n.inputs) {
          const p = this.producerOf(ref.name);
          if (p) stack.push(p);
        }
      }
    }
    return found;
  }
}
