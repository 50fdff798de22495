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

/** Direct upstream nodes of each node, as indices into `nodes` (no duplicates, no self). */
export function parentsOf(nodes: readonly Node[], wiring: Wiring): number[][] {
  const index = new Map<Node, number>();
  for (const [i, n] of nodes.entries()) index.set(n, i);
  return nodes.map((n, i) => {
    const parents: number[] = [];
    for (const ref of n.inputs) {
      for (const p of wiring.producers.get(ref.name) ?? []) {
        const j = index.get(p) as number;
        if (j !== i && !parents.includes(j)) parents.push(j);
      }
    }
    return parents;
  });
}

/**
 * Kahn's algorithm on indices, stable: among ready nodes the earlier-declared runs first.
 * Returns the order and the indices left over (non-empty only when there is a cycle).
 */
export function topoSort(nodes: readonly Node[], parents: readonly number[][]) {
  const pending = new Int32Array(nodes.length);
  const children: number[][] = nodes.map(() => []);
  parents.forEach((ps, i) => {
    pending[i] = ps.length;
    for (const p of ps) children[p]?.push(i);
  });
  let ready = Int32Array.from(nodes.keys()).filter((i) => pending[i] === 0);
  const order: Node[] = [];
  while (ready.length > 0) {
    const next: number[] = [];
    for (const i of ready) {
      order.push(nodes[i] as Node);
      for (const c of children[i] ?? []) if (--(pending[c] as number) === 0) next.push(c);
    }
    ready = Int32Array.from(next).sort();
  }
  const left = [...nodes.keys()].filter((i) => (pending[i] as number) > 0);
  return { order, left };
}

/** One cycle among `left` (indices Kahn could not order), as a closed path of nodes. */
export function findCycle(nodes: readonly Node[], left: readonly number[], parents: readonly number[][]): Node[] {
  const inLeft = new Set(left);
  const state = new Map<number, "open" | "done">();
  // Iterative DFS upstream; a parent still open closes a cycle.
  for (const start of left) {
    if (state.has(start)) continue;
    const stack: { node: number; next: number }[] = [{ node: start, next: 0 }];
    state.set(start, "open");
    while (stack.length > 0) {
      const top = stack.at(-1) as { node: number; next: number };
      const ps = (parents[top.node] ?? []).filter((p) => inLeft.has(p));
      if (top.next >= ps.length) {
        state.set(top.node, "done");
        stack.pop();
        continue;
      }
      const p = ps[top.next++] as number;
      if (state.get(p) === "open") {
        const path = stack.slice(stack.findIndex((f) => f.node === p)).map((f) => f.node);
        return [...path, p].reverse().map((i) => nodes[i] as Node);
      }
      if (!state.has(p)) {
        state.set(p, "open");
        stack.push({ node: p, next: 0 });
      }
    }
  }
  return [];
}
