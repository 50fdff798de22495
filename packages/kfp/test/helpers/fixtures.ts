/** Projects whose real plans the tests compile. Each is `{ path: content }` for makeProject. */

const header = `import { defineCatalog, defineConfig, defineParams, json, memory, node, pipeline } from "@ferry/core";\nconst id = (...xs) => xs[0];\n`;

/** raw → double, halve → sum: fan-out and fan-in, with an int and a bool param. */
export const diamond = {
  "ferry.config.ts": `${header}
const ds = defineCatalog({ raw: json(), doubled: memory(), halved: memory(), total: json() });
const params = defineParams();
export const config = defineConfig({ name: "diamond", catalog: ds, params, pipelines: { main: pipeline([
  node({ name: "double", inputs: [ds.raw, params("factor")], outputs: ds.doubled, func: id }),
  node({ name: "halve", inputs: [ds.raw], outputs: ds.halved, func: id }),
  node({ name: "sum", inputs: [ds.doubled, ds.halved, params("fail")], outputs: ds.total, func: id }),
]) } });
`,
  "conf/base/catalog.yml": "raw: { path: data/raw.json }\ntotal: { path: data/total.json }\n",
  "conf/base/parameters.yml": "factor: 2\nfail: false\n",
};

/** Every parameter type, plus values that trip YAML readers and a name KFP must change. */
export const manyParams = {
  "ferry.config.ts": `${header}
const ds = defineCatalog({ features: json(), model: json() });
const params = defineParams();
export const config = defineConfig({ name: "params", catalog: ds, params, pipelines: { main: pipeline([
  node({ name: "train", inputs: [ds.features, params("epochs"), params("learning_rate"), params("use_gpu"), params("model_name"), params("model_options"), params("layers")], outputs: ds.model, func: id }),
]) } });
`,
  "conf/base/catalog.yml": "features: { path: data/f.json }\nmodel: { path: data/m.json }\n",
  "conf/base/parameters.yml": `epochs: 10
learning_rate: 0.001
use_gpu: false
model_name: resnet
model_options: { test_size: 0.2, random_state: 3, features: [engines, "on"], nested: { tol: 1.0e-7 } }
layers: [64, 32]
tiny: 1.0e-7
mode: "on"
clock: "12:30"
quote: "it's \\"quoted\\" = yes\\nsecond line é"
Batch-Size: 32
seed: null
`,
};

/** Nodes grouped into steps by group:<name> tags. */
export const grouped = {
  "ferry.config.ts": `${header}
const ds = defineCatalog({ raw: json(), clean: memory(), features: json(), model: memory(), report: json(), audit: json() });
export const config = defineConfig({ name: "groups", catalog: ds, pipelines: { main: pipeline([
  node({ name: "prep.clean", inputs: [ds.raw], outputs: ds.clean, func: id, tags: ["group:etl"] }),
  node({ name: "prep.features", inputs: [ds.clean], outputs: ds.features, func: id, tags: ["group:etl"] }),
  node({ name: "train", inputs: [ds.features], outputs: ds.model, func: id }),
  node({ name: "report", inputs: [ds.model], outputs: ds.report, func: id }),
  node({ name: "audit", inputs: [ds.raw], outputs: ds.audit, func: id, tags: ["group:etl"] }),
]) } });
`,
  "conf/base/catalog.yml":
    "raw: { path: data/r.json }\nfeatures: { path: data/f.json }\nreport: { path: data/p.json }\naudit: { path: data/a.json }\n",
};

/** prepare → train (GPU, cpu, memory, timeout, retries) → evaluate. */
export const gpu = {
  "ferry.config.ts": `${header}
const ds = defineCatalog({ raw: json(), features: json(), model: json(), score: json() });
export const config = defineConfig({ name: "gpu", catalog: ds, pipelines: { main: pipeline([
  node({ name: "prepare", inputs: [ds.raw], outputs: ds.features, func: id, resources: { cpu: 0.5, memoryGiB: 1.5 } }),
  node({ name: "train", inputs: [ds.features], outputs: ds.model, func: id }),
  node({ name: "evaluate", inputs: [ds.model], outputs: ds.score, func: id, resources: { timeoutSeconds: 600 } }),
]) } });
`,
  "conf/base/catalog.yml":
    "raw: { path: data/r.json }\nfeatures: { path: data/f.json }\nmodel: { path: data/m.json }\nscore: { path: data/s.json }\n",
  "conf/base/resources.yml":
    "nodes:\n  train: { cpu: 8, memoryGiB: 30, gpu: { count: 2, type: t4 }, timeoutSeconds: 3600, retries: 2 }\n",
};

/** Node names KFP cannot take as they are, colliding once sanitized, and one equal to the project's. */
export const awkwardNames = {
  "ferry.config.ts": `${header}
const ds = defineCatalog({ a: json(), b: memory(), c: memory(), d: memory(), e: memory(), f: memory(), g: memory() });
const long = "Very_Long_Name_" + "x".repeat(150);
export const config = defineConfig({ name: "names", catalog: ds, pipelines: { main: pipeline([
  node({ name: "Prep.Clean_Data", inputs: [ds.a], outputs: ds.b, func: id }),
  node({ name: "prep.clean-data", inputs: [ds.a], outputs: ds.c, func: id }),
  node({ name: "prep-clean-data-2", inputs: [ds.b], outputs: ds.d, func: id }),
  node({ name: "_1st", inputs: [ds.c, ds.d], outputs: ds.e, func: id }),
  node({ name: "names", inputs: [ds.e], outputs: ds.f, func: id }),
  node({ name: long, inputs: [ds.f], outputs: ds.g, func: id }),
]) } });
`,
  "conf/base/catalog.yml": "a: { path: data/a.json }\n",
};

/** One source, `width` parallel nodes, one sink. */
export function wide(width: number) {
  return {
    "ferry.config.ts": `${header}
const W = ${width};
const ds = defineCatalog(Object.fromEntries([["src", memory()], ["out", memory()], ...Array.from({ length: W }, (_, i) => ["m" + i, memory()])]));
const nodes = [node({ name: "source", inputs: [], outputs: ds.src, func: () => 1 })];
for (let i = 0; i < W; i++) nodes.push(node({ name: "work_" + i, inputs: [ds.src], outputs: ds["m" + i], func: id }));
nodes.push(node({ name: "sink", inputs: Array.from({ length: W }, (_, i) => ds["m" + i]), outputs: ds.out, func: id }));
export const config = defineConfig({ name: "wide", catalog: ds, pipelines: { main: pipeline(nodes) } });
`,
  };
}
