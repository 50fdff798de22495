import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FerryError, openSession } from "@ferry/core";
import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import { makeProject } from "./helpers/project.ts";

const config = `
import { bytes, csv, defineCatalog, defineConfig, json, memory, node, parquet, pipeline, text } from "@ferry/core";
const ds = defineCatalog({ table: csv(), columnar: parquet(), doc: json(), note: text(), blob: bytes(), scratch: memory() });
export const config = defineConfig({
  name: "types",
  catalog: ds,
  pipelines: { all: pipeline([node({ name: "n", inputs: [ds.table, ds.columnar, ds.doc, ds.note, ds.blob], outputs: ds.scratch, func: (...a) => a.length })]) },
});
`;
const catalogYml = `
table: { path: data/table.csv }
columnar: { path: data/columnar.parquet }
doc: { path: data/doc.json, versioned: true }
note: { path: data/note.txt }
blob: { path: data/blob.bin }
`;

async function session(
  extra: Record<string, string> = {},
  options: { saveVersion?: string; loadVersions?: Record<string, string> } = {},
) {
  const root = makeProject({ "ferry.config.ts": config, "conf/base/catalog.yml": catalogYml, ...extra });
  return { root, session: await openSession({ cwd: root, ...options }) };
}

describe("dataset types", () => {
  it("round-trips every built-in type through local files", async () => {
    const { root, session: s } = await session();
    const frame = pl.DataFrame([
      pl.Series("id", [1, 2, 3], pl.Int64),
      pl.Series("name", ["a", "b", null]),
      pl.Series("ok", [true, false, true]),
    ]);
    await s.catalog.save("table", frame);
    await s.catalog.save("columnar", frame);
    await s.catalog.save("doc", { nested: { list: [1, "two", null] } });
    await s.catalog.save("note", "héllo\nworld");
    await s.catalog.save("blob", new Uint8Array([0, 255, 7]));
    expect(((await s.catalog.load("table")) as pl.DataFrame).frameEqual(frame)).toBe(true);
    expect(((await s.catalog.load("columnar")) as pl.DataFrame).frameEqual(frame)).toBe(true);
    expect(await s.catalog.load("doc")).toEqual({ nested: { list: [1, "two", null] } });
    expect(await s.catalog.load("note")).toBe("héllo\nworld");
    expect([...((await s.catalog.load("blob")) as Uint8Array)]).toEqual([0, 255, 7]);
    expect(readFileSync(join(root, "data/table.csv"), "utf8")).toBe("id,name,ok\n1,a,true\n2,b,false\n3,,true\n");
    expect(await s.catalog.exists("note")).toBe(true);
  });

  it("treats names outside the catalog as memory datasets", async () => {
    const { session: s } = await session();
    expect(s.catalog.isPersistent("anything")).toBe(false);
    await s.catalog.save("anything", { a: 1 });
    expect(await s.catalog.load("anything")).toEqual({ a: 1 });
  });

  it("names the dataset, the path and the fix when a file is missing", async () => {
    const { session: s } = await session();
    try {
      await s.catalog.load("note");
      expect.unreachable();
    } catch (error) {
      expect(FerryError.is(error, "DATASET_ERROR")).toBe(true);
      const e = error as FerryError;
      expect(e.message).toMatch(/^Failed to load dataset 'note' \(text at file:\/\/.*\/data\/note\.txt\): ENOENT/);
      expect(e.hint).toMatchInlineSnapshot(
        `"The file does not exist: check \`path\` in catalog.yml, or run the node that produces it first."`,
      );
      expect(e.details).toEqual({ dataset: "note", operation: "load" });
    }
  });

  it("refuses to save an excel dataset, pointing to csv or parquet", async () => {
    const { session: s } = await session({ "conf/base/catalog.yml": `${catalogYml}\n` }, {});
    expect(s.catalog.names()).toContain("table");
    const { session: x } = await session({ "conf/xl/catalog.yml": "table: { type: excel, path: data/t.xlsx }\n" });
    const xl = await openSession({ cwd: x.project.root, env: "xl" });
    await expect(xl.catalog.save("table", pl.DataFrame({ a: [1] }))).rejects.toThrow(
      /read-only; save the table as csv or parquet/,
    );
  });
});

describe("versioned datasets", () => {
  it("saves under a timestamped version and loads the latest or a pinned one", async () => {
    const first = await session({}, { saveVersion: "2026-01-01T00.00.00.000Z" });
    await first.session.catalog.save("doc", { v: 1 });
    const second = await openSession({ cwd: first.root, saveVersion: "2026-02-01T00.00.00.000Z" });
    await second.catalog.save("doc", { v: 2 });
    expect(readdirSync(join(first.root, "data/doc.json")).sort()).toEqual([
      "2026-01-01T00.00.00.000Z",
      "2026-02-01T00.00.00.000Z",
    ]);
    expect(await second.catalog.load("doc")).toEqual({ v: 2 });
    const pinned = await openSession({ cwd: first.root, loadVersions: { doc: "2026-01-01T00.00.00.000Z" } });
    expect(await pinned.catalog.load("doc")).toEqual({ v: 1 });
  });

  it("says which versions exist when a pinned one does not", async () => {
    const { root, session: s } = await session({}, { saveVersion: "2026-01-01T00.00.00.000Z" });
    await s.catalog.save("doc", { v: 1 });
    const pinned = await openSession({ cwd: root, loadVersions: { doc: "2027-01-01T00.00.00.000Z" } });
    await expect(pinned.catalog.load("doc")).rejects.toThrow(
      "Version 2027-01-01T00.00.00.000Z of dataset 'doc' does not exist. Saved versions: 2026-01-01T00.00.00.000Z.",
    );
  });

  it("reports a versioned dataset with no saved version", async () => {
    const { session: s } = await session();
    await expect(s.catalog.load("doc")).rejects.toThrow(/Versioned dataset 'doc' has no saved version/);
  });
});

describe("excel", () => {
  const shuttles = join(import.meta.dirname, "../../../../shared/data/kedro-spaceflights/shuttles.xlsx");
  it.skipIf(!existsSync(shuttles) && !process.env.CI)("reads Kedro's shuttles.xlsx with typed columns", async () => {
    const { root } = await session({
      "conf/xl/catalog.yml": `table: { type: excel, path: ${JSON.stringify(shuttles)} }\n`,
    });
    const s = await openSession({ cwd: root, env: "xl" });
    const frame = (await s.catalog.load("table")) as pl.DataFrame;
    expect(frame.shape).toEqual({ height: 15531, width: 13 });
    expect(frame.row(0)).toEqual([
      45163,
      "Sao Tome and Principe",
      "Type V5",
      "Plasma",
      "ThetaBase Services",
      2,
      4,
      "moderate",
      2,
      "f",
      "f",
      "$1,715.0",
      32413,
    ]);
    expect(frame.getColumn("id").dtype.equals(pl.Int64)).toBe(true);
    expect(frame.getColumn("crew").nullCount()).toBe(46);
  });
});
