import { describe, expect, it } from "vitest";
import { thrown } from "../../test/helpers/errors.ts";
import { memory } from "../catalog/types/memory.ts";
import { node } from "../node.ts";
import { defineCatalog, defineParams } from "../refs.ts";
import { pipeline } from "./namespace.ts";

const ds = defineCatalog({
  raw: memory<number>(),
  clean: memory<number>(),
  left: memory<number>(),
  right: memory<number>(),
  joined: memory<number>(),
  report: memory<string>(),
});
const params = defineParams<{ factor: number }>();
const diamond = pipeline([
  node({ name: "clean", inputs: [ds.raw], outputs: ds.clean, func: (x) => x, tags: ["prep"] }),
  node({
    name: "split",
    inputs: [ds.clean, params("factor")],
    outputs: [ds.left, ds.right],
    func: (x, f) => [x * f, x],
  }),
  node({ name: "join", inputs: [ds.left, ds.right], outputs: ds.joined, func: (l, r) => l + r, tags: ["model"] }),
  node({ name: "report", inputs: [ds.joined], outputs: ds.report, func: String, tags: ["model", "io"] }),
]);
const names = (p: { nodes: readonly { name: string }[] }) => p.nodes.map((n) => n.name);

describe("pipeline algebra", () => {
  it("filters by tags, nodes, from and to, intersecting filters", () => {
    expect(names(diamond.only({ tags: ["model"] }))).toEqual(["join", "report"]);
    expect(names(diamond.only({ nodes: ["split", "clean"] }))).toEqual(["clean", "split"]);
    expect(names(diamond.only({ from: ["split"] }))).toEqual(["split", "join", "report"]);
    expect(names(diamond.only({ to: ["join"] }))).toEqual(["clean", "split", "join"]);
    expect(names(diamond.only({ from: ["split"], to: ["join"] }))).toEqual(["split", "join"]);
    expect(names(diamond.only({ from: ["split"], tags: ["io"] }))).toEqual(["report"]);
  });

  it("suggests the closest node name for a typo", () => {
    expect(thrown(() => diamond.only({ from: ["jion"] })).message).toMatchInlineSnapshot(
      `"The pipeline has no node 'jion'. Did you mean 'join'?"`,
    );
  });

  it("refuses a filter that selects nothing", () => {
    expect(thrown(() => diamond.only({ tags: ["nope"] })).code).toBe("FILTER_EMPTY");
  });

  it("adds pipelines, keeping shared nodes once and rejecting clashes", () => {
    const a = diamond.only({ to: ["split"] });
    const b = diamond.only({ from: ["split"] });
    expect(names(a.add(b))).toEqual(names(diamond));
    const clash = pipeline([node({ name: "join", inputs: [], outputs: ds.raw, func: () => 1 })]);
    expect(thrown(() => diamond.add(clash)).message).toContain("Two nodes are named 'join'");
  });

  it("namespaces nodes and datasets except params and kept datasets", () => {
    const p = pipeline([diamond], { namespace: "exp", keep: [ds.raw, "report"], tags: ["exp"] });
    expect(names(p)).toEqual(["exp.clean", "exp.split", "exp.join", "exp.report"]);
    expect(p.freeInputs()).toEqual(["raw"]);
    expect(p.datasets()).toEqual(["raw", "exp.clean", "exp.left", "exp.right", "exp.joined", "report"]);
    expect(p.node("exp.split").inputs.map((r) => r.name)).toEqual(["exp.clean", "params:factor"]);
    expect(p.node("exp.report").tags).toEqual(["model", "io", "exp"]);
  });

  it("two namespaced copies of one pipeline live side by side", () => {
    const both = pipeline([pipeline([diamond], { namespace: "a" }), pipeline([diamond], { namespace: "b" })]);
    expect(both.nodes).toHaveLength(8);
    expect(both.freeInputs()).toEqual(["a.raw", "b.raw"]);
  });
});
