import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";

const base = join(import.meta.dirname, "..", ".projects");
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/**
 * A throwaway project on disk (inside this package, so `@ferry/core` resolves to the build
 * by self-reference). Files are given by path relative to the project root.
 */
export function makeProject(files: Record<string, string>): string {
  const root = join(base, randomBytes(4).toString("hex"));
  made.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** A small diamond project: raw (json) → double, half (memory) → total (json). */
export const diamondConfig = `
import { defineCatalog, defineConfig, defineParams, json, memory, node, pipeline } from "@ferry/core";

const ds = defineCatalog({ raw: json(), doubled: memory(), halved: memory(), total: json() });
const params = defineParams();
export const config = defineConfig({
  name: "diamond",
  catalog: ds,
  params,
  pipelines: {
    main: pipeline([
      node({ name: "double", inputs: [ds.raw, params("factor")], outputs: ds.doubled, func: (r, f) => r.values.map((v) => v * f) }),
      node({ name: "halve", inputs: [ds.raw], outputs: ds.halved, func: (r) => r.values.map((v) => v / 2) }),
      node({ name: "sum", inputs: [ds.doubled, ds.halved, params("fail")], outputs: ds.total, func: (d, h, fail) => {
        if (fail) throw new Error("sum was asked to fail");
        return { total: [...d, ...h].reduce((a, b) => a + b, 0) };
      } }),
    ]),
  },
});
`;

export const diamondFiles = {
  "ferry.config.ts": diamondConfig,
  "conf/base/catalog.yml": "raw:\n  path: data/raw.json\ntotal:\n  path: data/total.json\n",
  "conf/base/parameters.yml": "factor: 2\nfail: false\n",
  "data/raw.json": JSON.stringify({ values: [1, 2, 3] }),
};
