import type { ErrorCode } from "../errors/catalog.ts";
import { FerryError } from "../errors/ferry-error.ts";
import { isParamName, nameProblem } from "../names.ts";
import type { Node } from "../node.ts";
import { findCycle, parentsOf, topoSort, type Wiring, wiringOf } from "./graph.ts";

/** One problem found in a pipeline, with the fix. */
export interface Problem {
  readonly message: string;
  readonly fix: string;
}

/** Throw one PIPELINE_INVALID error listing every problem, each with its fix. */
export function throwProblems(what: string, problems: readonly Problem[], code: ErrorCode = "PIPELINE_INVALID"): void {
  if (problems.length === 0) return;
  const list = problems.map((p, i) => `${i + 1}. ${p.message}\n   Fix: ${p.fix}`).join("\n");
  throw new FerryError(code, {
    message: `${what} has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${list}`,
    details: { problems },
  });
}

function via(from: Node, to: Node): string {
  const read = new Set(to.inputs.map((r) => r.name));
  return from.outputs.find((r) => read.has(r.name))?.name ?? "?";
}

/**
 * Check a set of nodes: names, duplicates, two producers, self-reads and cycles.
 * Returns the nodes in a stable topological order and their wiring.
 */
export function validateNodes(nodes: readonly Node[]): { order: Node[]; wiring: Wiring } {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const badNames = new Set<string>();
  const checked = new Set<string>();
  const checkName = (what: string, name: string, fix: string) => {
    const problem = nameProblem(name);
    if (problem && !badNames.has(name)) {
      badNames.add(name);
      problems.push({ message: `${what} '${name}' ${problem}.`, fix });
    }
  };
  for (const n of nodes) {
    checkName("Node name", n.name, `Give the node an explicit \`name\`.`);
    if (seen.has(n.name)) {
      problems.push({
        message: `Two nodes are named '${n.name}'.`,
        fix: "Rename one of them; node names must be unique in a pipeline.",
      });
    }
    seen.add(n.name);
    for (const refs of [n.inputs, n.outputs]) {
      for (const ref of refs) {
        if (checked.has(ref.name) || isParamName(ref.name)) continue;
        checked.add(ref.name);
        checkName("Dataset name", ref.name, "Rename the dataset in the catalog.");
      }
    }
    for (const ref of n.inputs) {
      if (n.outputs.some((o) => o.name === ref.name)) {
        problems.push({
          message: `Node '${n.name}' reads its own output '${ref.name}'.`,
          fix: `Write the result to a new dataset (e.g. '${ref.name}_updated') instead of overwriting the input.`,
        });
      }
    }
  }
  const wiring = wiringOf(nodes);
  for (const [dataset, producers] of wiring.producers) {
    if (producers.length > 1) {
      problems.push({
        message: `Dataset '${dataset}' is produced by ${producers.length} nodes: ${producers.map((p) => `'${p.name}'`).join(", ")}.`,
        fix: "Each dataset has exactly one producer: give all but one node a different output.",
      });
    }
  }
  const parents = parentsOf(nodes, wiring);
  const { order, left } = topoSort(nodes, parents);
  if (left.length > 0) {
    const cycle = findCycle(nodes, left, parents);
    const path = cycle.map((n, i) => (i === 0 ? n.name : `-(${via(cycle[i - 1] as Node, n)})-> ${n.name}`)).join(" ");
    problems.push({
      message: `The pipeline has a cycle: ${path}.`,
      fix: "Break the cycle: one of these nodes must not depend, even indirectly, on its own output.",
    });
  }
  throwProblems("The pipeline", problems);
  return { order, wiring };
}
