import { describe, expect, it } from "vitest";
import { memory } from "../catalog/types/memory.ts";
import { FerryError } from "../errors/ferry-error.ts";
import { node } from "../node.ts";
import { defineCatalog } from "../refs.ts";
import { pipeline } from "./namespace.ts";

const ds = defineCatalog({ a: memory<number>(), b: memory<number>(), c: memory<number>(), d: memory<number>() });
const id = (x: number) => x;

function problemsOf(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    if (FerryError.is(error, "PIPELINE_INVALID")) return error.message;
    throw error;
  }
  throw new Error("expected PIPELINE_INVALID");
}

describe("pipeline validation", () => {
  it("prints the cycle with the datasets that close it", () => {
    const message = problemsOf(() =>
      pipeline([
        node({ name: "one", inputs: [ds.c], outputs: ds.a, func: id }),
        node({ name: "two", inputs: [ds.a], outputs: ds.b, func: id }),
        node({ name: "three", inputs: [ds.b], outputs: ds.c, func: id }),
      ]),
    );
    expect(message).toMatchInlineSnapshot(`
      "The pipeline has 1 problem:
      1. The pipeline has a cycle: one -(a)-> two -(b)-> three -(c)-> one.
         Fix: Break the cycle: one of these nodes must not depend, even indirectly, on its own output."
    `);
  });

  it("reports every problem at once, each with its fix", () => {
    const message = problemsOf(() =>
      pipeline([
        node({ name: "make", inputs: [], outputs: ds.a, func: () => 1 }),
        node({ name: "make", inputs: [], outputs: ds.b, func: () => 1 }),
        node({ name: "again", inputs: [], outputs: ds.a, func: () => 2 }),
        node({ name: "self", inputs: [ds.d], outputs: ds.d, func: id }),
        node({ name: "bad name!", inputs: [], outputs: ds.c, func: () => 3 }),
      ]),
    );
    expect(message).toMatchInlineSnapshot(`
      "The pipeline has 4 problems:
      1. Two nodes are named 'make'.
         Fix: Rename one of them; node names must be unique in a pipeline.
      2. Node 'self' reads its own output 'd'.
         Fix: Write the result to a new dataset (e.g. 'd_updated') instead of overwriting the input.
      3. Node name 'bad name!' has the invalid segment 'bad name!' (use letters, digits, '_' and '-', dot-separated).
         Fix: Give the node an explicit \`name\`.
      4. Dataset 'a' is produced by 2 nodes: 'make', 'again'.
         Fix: Each dataset has exactly one producer: give all but one node a different output."
    `);
  });

  it("keeps every problem as data for tools", () => {
    try {
      pipeline([node({ name: "self", inputs: [ds.a], outputs: ds.a, func: id })]);
      expect.unreachable();
    } catch (error) {
      expect(FerryError.is(error, "PIPELINE_INVALID") && error.details.problems).toHaveLength(1);
    }
  });

  it("orders nodes topologically whatever the declaration order", () => {
    const p = pipeline([
      node({ name: "last", inputs: [ds.b], outputs: ds.c, func: id }),
      node({ name: "first", inputs: [], outputs: ds.a, func: () => 1 }),
      node({ name: "middle", inputs: [ds.a], outputs: ds.b, func: id }),
    ]);
    expect(p.nodes.map((n) => n.name)).toEqual(["first", "middle", "last"]);
  });
});
