import { FerryError } from "../errors/ferry-error.ts";
import type { Node } from "../node.ts";
import type { Pipeline } from "../pipeline/pipeline.ts";

/** How nodes become steps. */
export type Grouping = "none" | "tags" | "namespace" | "auto";
export const GROUPINGS: readonly Grouping[] = ["none", "tags", "namespace", "auto"];

/** Steps as node groups, in topological order, with why nodes were fused. */
export interface Groups {
  readonly steps: { readonly id: string; readonly nodes: readonly Node[]; readonly reasons: readonly string[] }[];
  readonly stepOf: ReadonlyMap<string, string>;
}

const GROUP_TAG = "group:";

/** Group nodes into steps. Every strategy keeps the step graph acyclic. */
export function groupNodes(pipeline: Pipeline, grouping: Grouping, isPersistent: (d: string) => boolean): Groups {
  const label = new Map<Node, string>();
  const reasons = new Map<string, string[]>();
  const note = (id: string, reason: string) => (reasons.get(id) ?? reasons.set(id, []).get(id))?.push(reason);
  if (grouping === "auto") {
    for (const [node, id] of autoGroups(pipeline, isPersistent, note)) label.set(node, id);
  } else {
    for (const n of pipeline.nodes) {
      const tag = grouping === "tags" ? n.tags.find((t) => t.startsWith(GROUP_TAG)) : undefined;
      const ns = grouping === "namespace" && n.name.includes(".") ? n.name.split(".")[0] : undefined;
      const id = tag?.slice(GROUP_TAG.length) ?? ns ?? n.name;
      label.set(n, id);
      if (id !== n.name) note(id, tag ? `tagged ${tag}` : `namespace ${ns}`);
    }
  }
  const byId = new Map<string, Node[]>();
  for (const n of pipeline.nodes)
    (byId.get(label.get(n) as string) ?? byId.set(label.get(n) as string, []).get(label.get(n) as string))?.push(n);
  const order = orderGroups(pipeline, label, byId);
  const steps = order.map((id) => ({
    id,
    nodes: byId.get(id) as Node[],
    reasons: [...new Set(reasons.get(id) ?? [])],
  }));
  return { steps, stepOf: new Map(pipeline.nodes.map((n) => [n.name, label.get(n) as string])) };
}

/** Group ids in dependency order; a cycle between groups is an error naming it. */
function orderGroups(pipeline: Pipeline, label: Map<Node, string>, byId: Map<string, Node[]>): string[] {
  const parents = new Map<string, Set<string>>();
  for (const [id, nodes] of byId) {
    const set = new Set<string>();
    for (const n of nodes) {
      for (const ref of n.inputs) {
        const p = pipeline.producerOf(ref.name);
        const pid = p && label.get(p);
        if (pid !== undefined && pid !== id) set.add(pid);
      }
    }
    parents.set(id, set);
  }
  // Kahn's algorithm over groups, first-seen order among ready ones (iterative: plans can be deep).
  const children = new Map<string, string[]>();
  const pending = new Map<string, number>();
  for (const [id, ps] of parents) {
    pending.set(id, ps.size);
    for (const p of ps) (children.get(p) ?? children.set(p, []).get(p))?.push(id);
  }
  const rank = new Map([...byId.keys()].map((id, i) => [id, i]));
  let ready = [...byId.keys()].filter((id) => pending.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const next: string[] = [];
    for (const id of ready) {
      order.push(id);
      for (const c of children.get(id) ?? []) {
        const left = (pending.get(c) ?? 1) - 1;
        pending.set(c, left);
        if (left === 0) next.push(c);
      }
    }
    ready = next.sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
  }
  if (order.length < byId.size) {
    const stuck = [...byId.keys()].filter((id) => (pending.get(id) ?? 0) > 0);
    throw new FerryError("PIPELINE_INVALID", {
      message: `Grouping makes these steps wait on each other in a circle: ${stuck.join(", ")}.`,
      hint: "A group must not need a node outside it that itself needs the group: add that node to the group, or split the group.",
    });
  }
  return order;
}

/**
 * `auto`: fuse strict linear chains (a node whose only child has it as only parent), and a
 * memory dataset's producer with its consumer when one of them has no other neighbour (so
 * the data never leaves the process and no cycle can form).
 */
function autoGroups(pipeline: Pipeline, isPersistent: (d: string) => boolean, note: (id: string, r: string) => void) {
  const notes: [Node, string][] = [];
  const leader = new Map<Node, Node>(pipeline.nodes.map((n) => [n, n]));
  const find = (n: Node): Node => {
    let root = n;
    while (leader.get(root) !== root) root = leader.get(root) as Node;
    leader.set(n, root);
    return root;
  };
  const parents = new Map<Node, Set<Node>>(pipeline.nodes.map((n) => [n, new Set()]));
  const children = new Map<Node, Set<Node>>(pipeline.nodes.map((n) => [n, new Set()]));
  const edges: [Node, Node, string][] = [];
  for (const n of pipeline.nodes) {
    for (const ref of n.inputs) {
      const p = pipeline.producerOf(ref.name);
      if (p === undefined || p === n) continue;
      parents.get(n)?.add(p);
      children.get(p)?.add(n);
      edges.push([p, n, ref.name]);
    }
  }
  for (const [from, to, dataset] of edges) {
    const a = find(from);
    const b = find(to);
    if (a === b) continue;
    const onlyParent = parents.get(b)?.size === 1;
    const onlyChild = children.get(a)?.size === 1;
    const memory = !isPersistent(dataset);
    if (!(onlyParent && onlyChild) && !(memory && (onlyParent || onlyChild))) continue;
    // Merge b into a: a's neighbours become the union, minus the pair itself.
    leader.set(b, a);
    for (const [own, other] of [
      [parents, children],
      [children, parents],
    ] as const) {
      const merged = new Set([...(own.get(a) ?? []), ...(own.get(b) ?? [])].map(find).filter((x) => x !== a));
      own.set(a, merged);
      for (const x of merged) {
        const back = other.get(x) as Set<Node>;
        back.delete(b);
        back.add(a);
      }
    }
    notes.push([
      a,
      memory ? `keeps memory dataset '${dataset}' in one step` : `linear chain ${from.name} -> ${to.name}`,
    ]);
  }
  // A group is named after its first node in run order, whichever node it was merged into.
  const first = new Map<Node, string>();
  for (const n of pipeline.nodes) if (!first.has(find(n))) first.set(find(n), n.name);
  for (const [node, reason] of notes) note(first.get(find(node)) as string, reason);
  return pipeline.nodes.map((n) => [n, first.get(find(n)) as string] as const);
}
