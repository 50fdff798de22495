import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { BlobServiceClient } from "@azure/storage-blob";
import { FerryError, openSession, type StorageDriver } from "@ferry/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createAzureDriver } from "../src/index.ts";
import { startAzurite } from "./azurite.ts";

let azurite: Awaited<ReturnType<typeof startAzurite>>;
beforeAll(async () => {
  azurite = await startAzurite();
  process.env.FERRY_TEST_AZURE = azurite.connectionString;
  await BlobServiceClient.fromConnectionString(azurite.connectionString).createContainer("ferry-data");
});
const projects = join(import.meta.dirname, ".projects");
afterAll(() => {
  azurite?.stop();
  rmSync(projects, { recursive: true, force: true });
});

it("reads, writes, lists, checks and deletes blobs, under az:// and abfs:// alike", async () => {
  const drivers = createAzureDriver({ connectionString: azurite.connectionString });
  const az = drivers[0] as StorageDriver;
  const abfs = drivers[1] as StorageDriver;
  await az.write("az://ferry-data/a/one.bin", new Uint8Array([1, 2, 3]));
  await az.write("az://ferry-data/a/two.bin", new Uint8Array([4]));
  expect([...(await abfs.read("abfs://ferry-data@devstoreaccount1.dfs.core.windows.net/a/one.bin"))]).toEqual([
    1, 2, 3,
  ]);
  expect(await az.list("az://ferry-data/a/")).toEqual(["az://ferry-data/a/one.bin", "az://ferry-data/a/two.bin"]);
  expect(await az.exists("az://ferry-data/a/one.bin")).toBe(true);
  await az.delete("az://ferry-data/a/one.bin");
  expect(await az.exists("az://ferry-data/a/one.bin")).toBe(false);
});

it("round-trips every dataset type of the catalog, versioned ones too, through az://", async () => {
  const root = join(projects, randomBytes(4).toString("hex"));
  const files: Record<string, string> = {
    "ferry.config.ts": `
import { bytes, csv, defineCatalog, defineConfig, json, node, parquet, pipeline, text } from "@ferry/core";
import { createAzureDriver } from "@ferry/storage-azure";
const ds = defineCatalog({ table: csv(), columnar: parquet(), doc: json(), note: text(), blob: bytes() });
export const config = defineConfig({
  name: "azure",
  catalog: ds,
  storage: createAzureDriver({ connectionString: process.env.FERRY_TEST_AZURE }),
  pipelines: { p: pipeline([node({ name: "n", inputs: [ds.table, ds.columnar, ds.doc, ds.note, ds.blob], outputs: null, func: () => {} })]) },
});
`,
    "conf/base/catalog.yml": [
      "table: { path: az://ferry-data/t/table.csv }",
      "columnar: { path: az://ferry-data/t/table.parquet }",
      "doc: { path: az://ferry-data/t/doc.json, versioned: true }",
      "note: { path: az://ferry-data/t/note.txt }",
      "blob: { path: az://ferry-data/t/blob.bin }",
    ].join("\n"),
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  const session = await openSession({ cwd: root, saveVersion: "2026-01-01T00.00.00.000Z" });
  const { default: pl } = await import("nodejs-polars");
  const frame = pl.DataFrame({ name: ["a", "b"], score: [1.5, 2.5] });
  const values: Record<string, unknown> = { doc: { ok: true }, note: "héllo", blob: new Uint8Array([9, 8]) };
  for (const [name, value] of Object.entries(values)) await session.catalog.save(name, value);
  await session.catalog.save("table", frame);
  await session.catalog.save("columnar", frame);
  for (const [name, value] of Object.entries(values)) expect(await session.catalog.load(name)).toEqual(value);
  expect(((await session.catalog.load("table")) as typeof frame).frameEqual(frame)).toBe(true);
  expect(((await session.catalog.load("columnar")) as typeof frame).frameEqual(frame)).toBe(true);
});

it("says when the container does not exist and how to create it", async () => {
  const [az] = createAzureDriver({ connectionString: azurite.connectionString });
  const error = await az?.read("az://no-such-container/x.csv").catch((e: unknown) => e);
  expect(FerryError.is(error, "STORAGE_ERROR")).toBe(true);
  expect((error as FerryError).message).toBe(
    "The container 'no-such-container' does not exist (az://no-such-container/x.csv).",
  );
  expect((error as FerryError).hint).toBe(
    "Create it (az storage container create --name no-such-container) or fix the path in conf/<env>/catalog.yml.",
  );
});
