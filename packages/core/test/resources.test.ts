import { FerryError, openSession, plan } from "@ferry/core";
import { describe, expect, it } from "vitest";
import { rejection } from "./helpers/errors.ts";
import { makeProject } from "./helpers/project.ts";

const config = `
import { defineCatalog, defineConfig, memory, node, pipeline } from "@ferry/core";
const ds = defineCatalog({ a: memory(), b: memory(), c: memory() });
export const config = defineConfig({ name: "res", pipelines: { main: pipeline([
  node({ name: "load", inputs: [], outputs: ds.a, func: () => 1, resources: { cpu: 2, timeoutSeconds: 60 } }),
  node({ name: "train", inputs: [ds.a], outputs: ds.b, func: (a) => a, tags: ["gpu"], resources: { memoryGiB: 4, timeoutSeconds: 600 } }),
  node({ name: "score", inputs: [ds.b], outputs: ds.c, func: (b) => b }),
]) } });
`;
const resourcesYml = `
defaults: { cpu: 1, memoryGiB: 2, retries: 1 }
tags:
  gpu: { gpu: { count: 1, type: nvidia-tesla-t4 }, memoryGiB: 16 }
nodes:
  train: { cpu: 8 }
`;

async function stepsOf(files: Record<string, string>, grouping: "none" | "auto" = "none") {
  const session = await openSession({ cwd: makeProject({ "ferry.config.ts": config, ...files }) });
  return plan(session, session.pipeline("main"), { runId: "r", pipelineName: "main", grouping }).steps;
}

describe("resources", () => {
  it("layers conf defaults < the node's own < its tags < conf for its name", async () => {
    const steps = await stepsOf({ "conf/base/resources.yml": resourcesYml });
    expect(steps.map((s) => [s.id, s.resources])).toEqual([
      ["load", { cpu: 2, memoryGiB: 2, timeoutSeconds: 60, retries: 1 }],
      ["train", { cpu: 8, memoryGiB: 16, gpu: { count: 1, type: "nvidia-tesla-t4" }, timeoutSeconds: 600, retries: 1 }],
      ["score", { cpu: 1, memoryGiB: 2, retries: 1 }],
    ]);
  });

  it("gives a fused step the most any node needs", async () => {
    const [step] = await stepsOf({ "conf/base/resources.yml": resourcesYml }, "auto");
    expect(step?.nodes).toEqual(["load", "train", "score"]);
    expect(step?.resources).toEqual({ cpu: 8, memoryGiB: 16, gpu: { count: 1, type: "nvidia-tesla-t4" }, retries: 1 });
  });

  it("rejects an invalid resources.yml with key paths", async () => {
    const error = await rejection(
      stepsOf({
        "conf/base/resources.yml": "defaults: { cpu: -1, ram: 4 }\nnodes: { train: { gpu: { count: 1.5 } } }\n",
      }),
    );
    expect(FerryError.is(error, "CONFIG_INVALID")).toBe(true);
    expect(error.message).toMatchInlineSnapshot(`
      "resources.yml is invalid:
      - defaults.cpu: Too small: expected number to be >0
      - defaults: Unrecognized key: "ram"
      - nodes.train.gpu.count: Invalid input: expected int, received number"
    `);
  });

  it("names a node that resources.yml sets but no pipeline has", async () => {
    const error = await rejection(stepsOf({ "conf/base/resources.yml": "nodes: { trian: { cpu: 2 } }\n" }));
    expect(error.message).toContain(
      "resources.yml sets nodes.trian, but no pipeline has a node 'trian'. Did you mean 'train'?",
    );
  });
});
