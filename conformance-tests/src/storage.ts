import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type DataFrame, openSession, type StorageDriver } from "@ferry/core";
import { afterAll, describe, expect, it } from "vitest";

export interface StorageConformanceOptions {
  /** The URI scheme under test (`s3`), for the suite's title. */
  readonly scheme: string;
  /** The driver under test (its endpoint may only be known once the test peer runs). */
  readonly driver: () => StorageDriver;
  /** A writable location on the store, e.g. `s3://bucket/conformance`. */
  readonly base: () => string;
  /** How a ferry.config.ts registers the driver: its import line and its `storage` value. */
  readonly register: { readonly imports: string; readonly storage: string };
  /** Where test projects are written (where `@ferry/core` and the driver resolve). */
  readonly workdir: string;
}

/** The behaviour every storage driver owes the catalog, checked against a real store. */
export function runStorageConformance(options: StorageConformanceOptions): void {
  afterAll(() => rmSync(options.workdir, { recursive: true, force: true }));
  const project = (files: Record<string, string>) => {
    const root = join(options.workdir, randomBytes(4).toString("hex"));
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    return root;
  };

  describe(`storage driver: ${options.scheme}://`, () => {
    it("reads, writes, lists, checks and deletes objects", async () => {
      const driver = options.driver();
      const dir = `${options.base()}/${randomBytes(4).toString("hex")}`;
      await driver.write(`${dir}/a/one.bin`, new Uint8Array([1, 2, 3]));
      await driver.write(`${dir}/a/two.bin`, new Uint8Array([4]));
      await driver.write(`${dir}/b.bin`, new Uint8Array([5]));
      expect([...(await driver.read(`${dir}/a/one.bin`))]).toEqual([1, 2, 3]);
      expect(await driver.list(`${dir}/a/`)).toEqual([`${dir}/a/one.bin`, `${dir}/a/two.bin`]);
      expect(await driver.exists(`${dir}/a/one.bin`)).toBe(true);
      await driver.write(`${dir}/a/one.bin`, new Uint8Array([7]));
      expect([...(await driver.read(`${dir}/a/one.bin`))]).toEqual([7]);
      await driver.delete(`${dir}/a/one.bin`);
      expect(await driver.exists(`${dir}/a/one.bin`)).toBe(false);
    });

    it("round-trips every dataset type of the catalog, versioned ones too", async () => {
      const at = `${options.base()}/${randomBytes(4).toString("hex")}`;
      const root = project({
        "ferry.config.ts": `
import { bytes, csv, defineCatalog, defineConfig, json, node, parquet, pipeline, text } from "@ferry/core";
${options.register.imports}
const ds = defineCatalog({ source: csv(), table: csv(), columnar: parquet(), doc: json(), note: text(), blob: bytes() });
export const config = defineConfig({
  name: "storage",
  catalog: ds,
  storage: ${options.register.storage},
  pipelines: { p: pipeline([node({ name: "n", inputs: [ds.source, ds.table, ds.columnar, ds.doc, ds.note, ds.blob], outputs: null, func: () => {} })]) },
});
`,
        "conf/base/catalog.yml": [
          "source: { path: data/source.csv }",
          `table: { path: ${at}/table.csv }`,
          `columnar: { path: ${at}/table.parquet }`,
          `doc: { path: ${at}/doc.json, versioned: true }`,
          `note: { path: ${at}/note.txt }`,
          `blob: { path: ${at}/blob.bin }`,
        ].join("\n"),
        "data/source.csv": "name,score,ok\na,1.5,true\nb,2.5,false\n",
      });
      const session = await openSession({ cwd: root, saveVersion: "2026-01-01T00.00.00.000Z" });
      const frame = (await session.catalog.load("source")) as DataFrame;
      await session.catalog.save("table", frame);
      await session.catalog.save("columnar", frame);
      const values: Record<string, unknown> = {
        doc: { ok: true, n: [1, 2] },
        note: "héllo\n",
        blob: new Uint8Array([9, 0, 8]),
      };
      for (const [name, value] of Object.entries(values)) await session.catalog.save(name, value);
      for (const [name, value] of Object.entries(values)) expect(await session.catalog.load(name)).toEqual(value);
      expect(((await session.catalog.load("table")) as DataFrame).frameEqual(frame)).toBe(true);
      expect(((await session.catalog.load("columnar")) as DataFrame).frameEqual(frame)).toBe(true);
      const driver = options.driver();
      expect(await driver.list(`${at}/doc.json/`)).toEqual([`${at}/doc.json/2026-01-01T00.00.00.000Z/doc.json`]);
    });
  });
}
