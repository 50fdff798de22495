import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { FerryError, openSession } from "@ferry/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createS3Driver } from "../src/index.ts";
import { MOTO_SETUP, motoMissing, startMoto } from "./moto.ts";

const missing = motoMissing();
if (missing && process.env.CI) throw new Error(`${missing} (CI needs the S3 test peer)`);

process.env.AWS_ACCESS_KEY_ID = "testing";
process.env.AWS_SECRET_ACCESS_KEY = "testing";
process.env.AWS_REGION = "us-east-1";
process.env.AWS_EC2_METADATA_DISABLED = "true"; // never ask an instance metadata service

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

describe.skipIf(missing !== undefined)(`s3 storage against moto${missing ? ` — skipped: ${missing}` : ""}`, () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  beforeAll(async () => {
    moto = await startMoto();
    process.env.FERRY_TEST_S3_ENDPOINT = moto.endpoint;
    const s3 = new S3Client({ endpoint: moto.endpoint, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: "ferry-data" }));
  });
  afterAll(() => moto?.stop());

  it("reads, writes, lists, checks and deletes objects", async () => {
    const driver = createS3Driver({ endpoint: moto.endpoint });
    await driver.write("s3://ferry-data/a/one.bin", new Uint8Array([1, 2, 3]));
    await driver.write("s3://ferry-data/a/two.bin", new Uint8Array([4]));
    expect([...(await driver.read("s3://ferry-data/a/one.bin"))]).toEqual([1, 2, 3]);
    expect(await driver.list("s3://ferry-data/a/")).toEqual(["s3://ferry-data/a/one.bin", "s3://ferry-data/a/two.bin"]);
    expect(await driver.exists("s3://ferry-data/a/one.bin")).toBe(true);
    await driver.delete("s3://ferry-data/a/one.bin");
    expect(await driver.exists("s3://ferry-data/a/one.bin")).toBe(false);
  });

  it("round-trips every dataset type of the catalog, versioned ones too, through s3://", async () => {
    const root = project({
      "ferry.config.ts": `
import { bytes, csv, defineCatalog, defineConfig, json, node, parquet, pipeline, text } from "@ferry/core";
import { createS3Driver } from "@ferry/storage-s3";
const ds = defineCatalog({ table: csv(), columnar: parquet(), doc: json(), note: text(), blob: bytes() });
export const config = defineConfig({
  name: "s3",
  catalog: ds,
  storage: [createS3Driver({ endpoint: process.env.FERRY_TEST_S3_ENDPOINT })],
  pipelines: { p: pipeline([node({ name: "n", inputs: [ds.table, ds.columnar, ds.doc, ds.note, ds.blob], outputs: null, func: () => {} })]) },
});
`,
      "conf/base/catalog.yml": [
        "table: { path: s3://ferry-data/t/table.csv }",
        "columnar: { path: s3://ferry-data/t/table.parquet }",
        "doc: { path: s3://ferry-data/t/doc.json, versioned: true }",
        "note: { path: s3://ferry-data/t/note.txt }",
        "blob: { path: s3://ferry-data/t/blob.bin }",
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
    expect(session.catalog.describe("doc").uri).toBe("s3://ferry-data/t/doc.json");
  });

  it("says when the bucket does not exist and how to create it", async () => {
    const driver = createS3Driver({ endpoint: moto.endpoint });
    const error = await driver.read("s3://no-such-bucket/x.csv").catch((e: unknown) => e);
    expect(FerryError.is(error, "STORAGE_ERROR")).toBe(true);
    expect((error as FerryError).message).toBe(
      "The bucket 'no-such-bucket' does not exist (s3://no-such-bucket/x.csv).",
    );
    expect((error as FerryError).hint).toBe(
      "Create it (aws s3 mb s3://no-such-bucket) or fix the path in conf/<env>/catalog.yml.",
    );
  });
});

it("names the fix when no AWS credentials are found", async () => {
  const saved = { ...process.env };
  for (const key of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"])
    delete process.env[key];
  process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/credentials";
  process.env.AWS_CONFIG_FILE = "/nonexistent/config";
  try {
    const driver = createS3Driver({ endpoint: "http://127.0.0.1:9", region: "us-east-1" });
    const error = await driver.read("s3://bucket/key").catch((e: unknown) => e);
    expect(FerryError.is(error, "STORAGE_ERROR")).toBe(true);
    expect((error as FerryError).message).toBe("No AWS credentials were found to reach s3://bucket/key.");
  } finally {
    process.env = saved;
  }
});
