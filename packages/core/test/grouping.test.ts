import { FerryError, openSession, plan } from "@ferry/core";
import { describe, expect, it } from "vitest";
import { makeProject } from "./helpers/project.ts";

// load (json) -> clean -(memory)-> features -> train -> report, plus a side branch audit.
const config = `
import { defineCatalog, defineConfig, json, memory, node, pipeline } from "@ferry/core";
const ds = defineCatalog({ raw: json(), clean: memory(), features: json(), model: memory(), report: json(), audit: json() });
const id = (x) => x;
export const config = defineConfig({ name: "groups", catalog: ds, pipelines: { main: pipeline([
  node({ name: "prep.clean", inputs: [ds.raw], outputs: ds.clean, func: id, tags: ["group:etl"] }),
  node({ name: "prep.features", inputs: [ds.clean], outputs: ds.features, func: id, tags: ["group:etl"] }),
  node({ name: "train", inputs: [ds.features], outputs: ds.model, func: id }),
  node({ name: "report", inputs: [ds.model], outputs: ds.report, func: id }),
  node({ name: "audit", inputs: [ds.raw], outputs: ds.audit, func: id, tags: ["group:etl"] }),
]) } });
`;
const catalogYml =
  "raw: { path: r.json }\nfeatures: { path: f.json }\nreport: { path: p.json }\naudit: { path: a.json }\n";

async function stepsOf(grouping: "none" | "tags" | "namespace" | "auto", files: Record<string, string> = {}) {
  const session = await openSession({
    cwd: makeProject({ "ferry.config.ts": config, "conf/base/catalog.yml": catalogYml, ...files }),
  });
  const p = plan(session, session.pipeline("main"), { runId: "r", pipelineName: "main", grouping });
  return p.steps.map((s) => ({ id: s.id, nodes: s.nodes.join(","), after: s.dependsOn.join(","), fused: s.fused }));
}

describe("grouping nodes into steps", () => {
  it("none: a step per node", async () => {
    expect((await stepsOf("none")).map((s) => s.id)).toEqual([
      "prep.clean",
      "audit",
      "prep.features",
      "train",
      "report",
    ]);
  });

  it("tags: group:<name> tags share a step", async () => {
    expect(await stepsOf("tags")).toEqual([
      { id: "etl", nodes: "prep.clean,audit,prep.features", after: "", fused: ["tagged group:etl"] },
      { id: "train", nodes: "train", after: "etl", fused: [] },
      { id: "report", nodes: "report", after: "train", fused: [] },
    ]);
  });

  it("namespace: a top-level namespace is a step", async () => {
    expect((await stepsOf("namespace")).map((s) => [s.id, s.nodes])).toEqual([
      ["prep", "prep.clean,prep.features"],
      ["audit", "audit"],
      ["train", "train"],
      ["report", "report"],
    ]);
  });

  it("auto: fuses linear chains and keeps memory datasets inside one step, saying why", async () => {
    expect(await stepsOf("auto")).toEqual([
      {
        id: "prep.clean",
        nodes: "prep.clean,prep.features,train,report",
        after: "",
        fused: [
          "keeps memory dataset 'clean' in one step",
          "linear chain prep.features -> train",
          "keeps memory dataset 'model' in one step",
        ],
      },
      { id: "audit", nodes: "audit", after: "", fused: [] },
    ]);
  });

  it("refuses groups that would wait on each other, naming them", async () => {
    // train sits between two etl nodes: etl needs train, train needs etl.
    const looped = config.replace(
      "outputs: ds.report, func: id })",
      'outputs: ds.report, func: id, tags: ["group:etl"] })',
    );
    const error = await stepsOf("tags", { "ferry.config.ts": looped }).catch((e: unknown) => e);
    expect(FerryError.is(error, "PIPELINE_INVALID")).toBe(true);
    expect((error as FerryError).message).toBe(
      "Grouping makes these steps wait on each other in a circle: etl, train.",
    );
  });
});
