import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { xlsxOf } from "./xlsx.ts";

/**
 * The reference project: one ferry.config.ts with a pipeline per behaviour a runner must get
 * right, and the data they read (generated, deterministic).
 */
const config = `
import { bytes, csv, defineCatalog, defineConfig, defineParams, excel, json, memory, node, parquet, pipeline, text } from "@ferry/core";

const ds = defineCatalog({
  numbers: json(), left: memory(), right: memory(), left_sq: memory(), right_neg: memory(), total: json(),
  table_in: csv(), table_csv: csv(), table_parquet: parquet(), note_in: text(), note_out: text(),
  blob_in: bytes(), blob_out: bytes(), doc_out: json(), summed: json(), gpu_out: json(), grouped_out: json(),
  g_mid: memory(), waited: memory(), wait_out: json(), sheet_in: excel(), sheet_out: parquet(),
  ...Object.fromEntries(Array.from({ length: 200 }, (_, i) => ["w" + i, memory()])),
});
const params = defineParams();
const wide = Array.from({ length: 200 }, (_, i) =>
  node({ name: "wide_" + i, inputs: [ds.numbers], outputs: ds["w" + i], func: (n) => n.values[i % n.values.length] * i }));

export const config = defineConfig({
  name: "conformance",
  catalog: ds,
  params,
  pipelines: {
    diamond: pipeline([
      node({ name: "fan_out", inputs: [ds.numbers, params("scale")], outputs: [ds.left, ds.right],
        func: (n, scale) => [n.values.map((v) => v * scale), n.values.map((v) => v + scale)] }),
      node({ name: "square", inputs: [ds.left], outputs: ds.left_sq, func: (l) => l.map((v) => v * v) }),
      node({ name: "negate", inputs: [ds.right], outputs: ds.right_neg, func: (r) => r.map((v) => -v) }),
      node({ name: "fan_in", inputs: [ds.left_sq, ds.right_neg, params("fail")], outputs: ds.total, func: (a, b, fail) => {
        if (fail) throw new Error("fan_in was asked to fail");
        return { sum: [...a, ...b].reduce((x, y) => x + y, 0), count: a.length + b.length };
      } }),
    ]),
    types: pipeline([
      node({ name: "copy_csv", inputs: [ds.table_in], outputs: ds.table_csv, func: (t) => t }),
      node({ name: "to_parquet", inputs: [ds.table_in], outputs: ds.table_parquet, func: (t) => t }),
      node({ name: "shout", inputs: [ds.note_in], outputs: ds.note_out, func: (s) => s.toUpperCase() }),
      node({ name: "reverse", inputs: [ds.blob_in], outputs: ds.blob_out, func: (b) => new Uint8Array(b).reverse() }),
      node({ name: "describe", inputs: [ds.table_in], outputs: ds.doc_out, func: (t) => ({ rows: t.height, columns: t.columns }) }),
      node({ name: "from_excel", inputs: [ds.sheet_in], outputs: ds.sheet_out, func: (t) => t }),
    ]),
    resources: pipeline([
      node({ name: "on_gpu", inputs: [ds.numbers], outputs: ds.gpu_out, func: (n) => ({ n: n.values.length }),
        resources: { cpu: 2, memoryGiB: 4, gpu: { count: 1 } } }),
    ]),
    grouped: pipeline([
      node({ name: "g_first", inputs: [ds.numbers], outputs: ds.g_mid, func: (n) => n.values, tags: ["group:g"] }),
      node({ name: "g_second", inputs: [ds.g_mid], outputs: ds.grouped_out, func: (l) => ({ max: Math.max(...l) }), tags: ["group:g"] }),
    ]),
    slow: pipeline([
      node({ name: "wait", inputs: [ds.numbers, params("sleep_ms")], outputs: ds.waited,
        func: (n, ms) => new Promise((resolve) => setTimeout(() => resolve(n.values), ms)) }),
      node({ name: "after_wait", inputs: [ds.waited], outputs: ds.wait_out, func: (l) => ({ n: l.length }) }),
    ]),
    wide: pipeline([...wide,
      node({ name: "wide_sum", inputs: Array.from({ length: 200 }, (_, i) => ds["w" + i]), outputs: ds.summed,
        func: (...xs) => ({ sum: xs.reduce((a, b) => a + b, 0) }) })]),
  },
});
`;

const catalog = [
  "numbers: { path: data/numbers.json }",
  "total: { path: data/out/total.json }",
  "table_in: { path: data/table.csv }",
  "table_csv: { path: data/out/table.csv }",
  "table_parquet: { path: data/out/table.parquet }",
  "note_in: { path: data/note.txt }",
  "note_out: { path: data/out/note.txt }",
  "blob_in: { path: data/blob.bin }",
  "blob_out: { path: data/out/blob.bin }",
  "doc_out: { path: data/out/doc.json }",
  "summed: { path: data/out/summed.json }",
  "gpu_out: { path: data/out/gpu.json }",
  "grouped_out: { path: data/out/grouped.json }",
  "wait_out: { path: data/out/wait.json }",
  "sheet_in: { path: data/scores.xlsx }",
  "sheet_out: { path: data/out/scores.parquet }",
].join("\n");

/** Deterministic inputs. */
function inputs(): Record<string, string | Uint8Array> {
  const rows = Array.from({ length: 50 }, (_, i) => `${i},name_${i},${(i * 1.5).toFixed(1)},${i % 2 === 0}`);
  return {
    "data/numbers.json": JSON.stringify({ values: Array.from({ length: 12 }, (_, i) => (i * 7) % 11) }),
    "data/table.csv": `id,name,score,even\n${rows.join("\n")}\n`,
    "data/note.txt": "ferry carries pipelines anywhere\n",
    "data/blob.bin": Uint8Array.from({ length: 256 }, (_, i) => (i * 31) % 256),
    "data/scores.xlsx": xlsxOf("scores", [
      ["id", "team", "score", "active"],
      ...Array.from({ length: 8 }, (_, i) => [i + 1, `team_${i % 3}`, (i + 1) * 2.5, i % 2 === 0]),
    ]),
  };
}

/** The pipelines of the reference project and the datasets each writes. */
export const REFERENCE_OUTPUTS: Readonly<Record<string, readonly string[]>> = {
  diamond: ["total"],
  types: ["table_csv", "table_parquet", "note_out", "blob_out", "doc_out", "sheet_out"],
  resources: ["gpu_out"],
  grouped: ["grouped_out"],
  wide: ["summed"],
};

/**
 * Write a fresh copy of the reference project under `parent` (inside the plugin's package,
 * so `@ferry/core` resolves from its dependencies). `catalogEnv` adds conf/<env>/catalog.yml.
 */
export function writeReferenceProject(parent: string, extra: Record<string, string> = {}): string {
  const root = join(parent, randomBytes(4).toString("hex"));
  const files: Record<string, string | Uint8Array> = {
    "ferry.config.ts": config,
    "conf/base/catalog.yml": `${catalog}\n`,
    "conf/base/parameters.yml": "scale: 3\nfail: false\nsleep_ms: 0\n",
    ...inputs(),
    ...extra,
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** What a harness's `prepareProject` needs to move the reference data to a target's storage. */
export interface DataStore {
  write(uri: string, bytes: Uint8Array): Promise<void>;
}

/**
 * Move the reference project's data to `base` (e.g. `gs://bucket/conformance`): every
 * catalog path `data/…` becomes `<base>/<project folder>/…` in conf/base/catalog.yml, the
 * inputs are uploaded there (so each project has its own inputs and outputs), and
 * ferry.config.ts registers the storage driver as `register` says.
 */
export async function relocateReferenceData(
  root: string,
  base: string,
  store: DataStore,
  register: { readonly imports: string; readonly storage: string },
): Promise<void> {
  const prefix = `${base.replace(/\/$/, "")}/${basename(root)}`;
  writeFileSync(join(root, "conf/base/catalog.yml"), `${catalog.replaceAll("path: data/", `path: ${prefix}/`)}\n`);
  const withDriver = config
    .replace('name: "conformance",', `name: "conformance",\n  storage: ${register.storage},`)
    .replace("\nimport {", `\n${register.imports}\nimport {`);
  writeFileSync(join(root, "ferry.config.ts"), withDriver);
  for (const [path, content] of Object.entries(inputs())) {
    const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
    await store.write(`${prefix}/${path.slice("data/".length)}`, bytes);
  }
}
