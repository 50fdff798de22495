import type { Node } from "../node.ts";
import type { Pipeline } from "../pipeline/pipeline.ts";

/**
 * The nodes to pass to `--from-nodes` to finish a failed run: every node that did not
 * complete, plus the producers of memory datasets those nodes need (memory data is gone
 * after the run), reduced to the ones with no upstream node in that set.
 */
export function resumeNodes(
  pipeline: Pipeline,
  completed: ReadonlySet<string>,
  isPersistent: (dataset: string) => boolean,
): string[] {
  const redo = new Set<Node>(pipeline.nodes.filter((n) => !completed.has(n.name)));
  const stack = [...redo];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    for (const ref of n.inputs) {
      if (ref.kind !== "dataset" || isPersistent(ref.name)) continue;
      const producer = pipeline.producerOf(ref.name);
      if (producer && !redo.has(producer)) {
        redo.add(producer);
        stack.push(producer);
      }
    }
  }
  return pipeline.nodes
    .filter((n) => redo.has(n))
    .filter(
      (n) =>
        !n.inputs.some((ref) => {
          const p = pipeline.producerOf(ref.name);
          return p !== undefined && redo.has(p);
        }),
    )
    .map((n) => n.name);
}
