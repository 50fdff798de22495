import type { Node } from "../node.ts";

/** Producer and consumers of every dataset, by name. */
export interface Wiring {
  readonly producers: ReadonlyMap<string, readonly Node[]>;
  readonly consumers: ReadonlyMap<string, readonly Node[]>;
}

export function wiringOf(nodes: readonly Node[]): Wiring {
  const producers = new Map<string, Node[]>();
  const consumers = new Map<string, Node[]>();
  const push = (map: Map<string, Node[]>, key: string, n: Node) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [n]);
    else if (list.at(-1) !== n) list.push(n);
  };
  for (const n of nodes) {
    for (const ref of n.inputs) push(consumers, ref.name, n);
    for (const ref of n.outputs) push(producers, ref.name, n);
  }
  return { producers, consumers };
}

/** Direct upstream nodes of each node (by the datasets it reads). */
export function parentsOf(nodes: readonly Node[], wiring: Wiring): Map<Node, Node[]> {
  const parents = new Map<Node, Node[]>();
  for (const n of nodes) {
    const set = new Set<Node>();
    for (const ref of n.inputs) for (const p of wiring.producers.get(ref.name) ?? []) if (p !== n) set.add(p);
    parents.set(n, [...set]);
  }
  return parents;
}

/**
 * Kahn's algorithm, stable: among ready nodes the earlier-declared runs first.
 * Returns the order and the nodes left over (non-empty only when there is a cycle).
 */
export function topoSort(nodes: readonly Node[], parents: ReadonlyMap<Node, readonly Node[]>) {
  const index = new Map(nodes.map((n, i) => [n, i]));
  const pending = new Map<Node, number>();
  const children = new Map<Node, Node[]>();
  for (const n of nodes) {
    const ps = parents.get(n) ?? [];
    pending.set(n, ps.length);
    for (const p of ps) (children.get(p) ?? children.set(p, []).get(p))?.push(n);
  }
  let ready = nodes.filter((n) => pending.get(n) === 0);
  const order: Node[] = [];
  while (ready.length > 0) {
    const next: Node[] = [];
    for (const n of ready) {
      order.push(n);
      for (const c of children.get(n) ?? []) {
        const left = (pending.get(c) ?? 0) - 1;
        pending.set(c, left);
        if (left === 0) next.push(c);
      }
    }
    ready = next.sort((a, b) => (index.get(a) ?? 0) - (index.get(b) ?? 0));
  }
  const left = nodes.filter((n) => (pending.get(n) ?? 0) > 0);
  return { order, left };
}

/** One cycle among `left` (nodes Kahn could not order), as a closed path of nodes. */
export function findCycle(left: readonly Node[], parents: ReadonlyMap<Node, readonly Node[]>): Node[] {
  const inLeft = new Set(left);
  const state = new Map<Node, "open" | "done">();
  const stack: Node[] = [];
  const visit = (n: Node): Node[] | undefined => {
    state.set(n, "open");
    stack.push(n);
    for (const p of parents.get(n) ?? []) {
      if (!inLeft.has(p)) continue;
      if (state.get(p) === "open") return [...stack.slice(stack.indexOf(p)), p].reverse();
      if (state.get(p) === undefined) {
        const found = visit(p);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(n, "done");
    return undefined;
  };
  for (const n of left) {
    if (state.get(n) === undefined) {
      const found = visit(n);
      if (found) return found;
    }
  }
  return [];
}
