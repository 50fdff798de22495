import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { FerryError, openSession } from "@ferry/core";
import { Storage } from "@google-cloud/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGcsDriver } from "../src/index.ts";
import { gcsEmulatorMissing, startGcsEmulator } from "./gcs-emulator.ts";

const missing = gcsEmulatorMissing();
if (missing && process.env.CI) throw new Error(`${missing} (CI needs the S3 test peer)`);

const projects = join(import.meta.dirname, ".projects");
afterAll(() => rmSync(projects, { recursive: true, force: true }));

function project(files: Record<string, string>): string {
  const root = join(projects, randomBytes(4).toString("hex"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe.skipIf(missing !== undefined)(
  `gs storage against the GCS emulator${missing ? ` — skipped: ${missing}` : ""}`,
  () => {
    let emulator: Awaited<ReturnType<typeof startGcsEmulator>>;
    beforeAll(async () => {
      emulator = await startGcsEmulator();
      process.env.FERRY_TEST_GCS_ENDPOINT = emulator.endpoint;
      await new Storage({ apiEndpoint: emulator.endpoint, projectId: "test" }).createBucket("ferry-data");
    });
    afterAll(() => emulator?.stop());

    it("reads, writes, lists, checks and deletes objects", async () => {
      const driver = createGcsDriver({ apiEndpoint: emulator.endpoint, projectId: "test" });
      await driver.write("gs://ferry-data/a/one.bin", new Uint8Array([1, 2, 3]));
      await driver.write("gs://ferry-data/a/two.bin", new Uint8Array([4]));
      expect([...(await driver.read("gs://ferry-data/a/one.bin"))]).toEqual([1, 2, 3]);
      expect(await driver.list("gs://ferry-data/a/")).toEqual([
        "gs://ferry-data/a/one.bin",
        "gs://ferry-data/a/two.bin",
      ]);
      expect(await driver.exists("gs://ferry-data/a/one.bin")).toBe(true);
      await driver.delete("gs://ferry-data/a/one.bin");
      expect(await driver.exists("gs://ferry-data/a/one.bin")).toBe(false);
    });

    it("round-trips every dataset type of the catalog, versioned ones too, through gs://", async () => {
      const root = project({
        "ferry.config.ts": `
import { bytes, csv, defineCatalog, defineConfig, json, node, parquet, pipeline, text } from "@ferry/core";
import { createGcsDriver } from "@ferry/storage-gcs";
const ds = defineCatalog({ table: csv(), columnar: parquet(), doc: json(), note: text(), blob: bytes() });
export const config = defineConfig({
  name: "s3",
  catalog: ds,
  storage: [createGcsDriver({ apiEndpoint: process.env.FERRY_TEST_GCS_ENDPOINT, projectId: "test" })],
  pipelines: { p: pipeline([node({ name: "n", inputs: [ds.table, ds.columnar, ds.doc, ds.note, ds.blob], outputs: null, func: () => {} })]) },
});
`,
        "conf/base/catalog.yml": [
          "table: { path: gs://ferry-data/t/table.csv }",
          "columnar: { path: gs://ferry-data/t/table.parquet }",
          "doc: { path: gs://ferry-data/t/doc.json, versioned: true }",
          "note: { path: gs://ferry-data/t/note.txt }",
          "blob: { path: gs://ferry-data/t/blob.bin }",
        ].join("\n"),
      });
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
      expect(session.catalog.describe("doc").uri).toBe("gs://ferry-data/t/doc.json");
    });

    it("says when the bucket does not exist and how to create it", async () => {
      const driver = createGcsDriver({ apiEndpoint: emulator.endpoint, projectId: "test" });
      const error = await driver.read("gs://no-such-bucket/x.csv").catch((e: unknown) => e);
      expect(FerryError.is(error, "STORAGE_ERROR")).toBe(true);
      expect((error as FerryError).message).toBe(
        "The bucket 'no-such-bucket' does not exist (gs://no-such-bucket/x.csv).",
      );
      expect((error as FerryError).hint).toBe(
        "Create it (gcloud storage buckets create gs://no-such-bucket) or fix the path in conf/<env>/catalog.yml.",
      );
    });
  },
);
