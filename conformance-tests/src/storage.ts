import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { type DataFrame, openSession, type StorageDriver } from "@ferry/core";
import { afterAll, describe, expect, it } from "vitest";
import type { StreamChildReport, StreamChildRequest } from "./stream-child.ts";

/** How a separate process builds a driver: everything in it is plain JSON. */
export interface DriverModule {
  /** The package (or path) exporting the driver's factory, resolved from `workdir`: `@ferry/storage-s3`. */
  readonly module: string;
  /** The factory's export name: `createS3Driver`. It may return several drivers; the one for `scheme` is used. */
  readonly export: string;
  /** The factory's argument. */
  readonly options?: unknown;
}

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
  /**
   * How a child process builds the same driver, for the large-object test: it streams
   * 200 MiB through the store and back in a process of its own, whose peak memory is checked.
   */
  readonly streamChild: () => DriverModule;
}

/**
 * The large object, in MiB. The process streaming it must peak below its size in RSS, and
 * above its baseline (Node and the driver's SDK, 105-120 MiB on Node 24) by less than half
 * of it; holding the object whole takes at least its size above the baseline.
 */
const LARGE_MIB = 200;
const MiB = 2 ** 20;
const LARGE = LARGE_MIB * MiB;
const CHILD = fileURLToPath(new URL(`./stream-child${extname(import.meta.url)}`, import.meta.url));

function runStreamChild(request: StreamChildRequest): Promise<StreamChildReport> {
  const args = ["--expose-gc", "--experimental-import-meta-resolve", "--disable-warning=ExperimentalWarning", CHILD];
  const child = spawn(process.execPath, [...args, JSON.stringify(request)], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(stdout) as StreamChildReport)
        : reject(new Error(`The streaming child process failed (exit code ${code}):\n${stderr}`)),
    );
  });
}

const collect = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
};

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

    it("streams objects in and out: the same bytes as read, an empty one and one of several parts too", async () => {
      const driver = options.driver();
      const dir = `${options.base()}/${randomBytes(4).toString("hex")}`;
      // 9 MiB + 3 spans two of the 8 MiB parts or blocks object stores commonly upload in.
      for (const size of [100_003, 0, 9 * MiB + 3]) {
        const data = randomBytes(size);
        const chunks = Array.from({ length: Math.ceil(size / MiB) }, (_, i) => data.subarray(i * MiB, (i + 1) * MiB));
        await driver.writeStream(`${dir}/${size}.bin`, Readable.from(chunks));
        expect(
          Buffer.compare(await collect(await driver.readStream(`${dir}/${size}.bin`)), data),
          `${size} bytes`,
        ).toBe(0);
        expect(Buffer.compare(await driver.read(`${dir}/${size}.bin`), data), `${size} bytes`).toBe(0);
      }
      // Rejected before any byte, as read rejects: the same error class (details differ: a HEAD answer has no body).
      const kind = (e: Error) => e.name;
      const expected = await driver.read(`${dir}/missing.bin`).then(() => undefined, kind);
      expect(expected, "read rejects a missing object").toBeDefined();
      await expect(driver.readStream(`${dir}/missing.bin`).then(() => undefined, kind)).resolves.toBe(expected);
    });

    it("keeps the previous object whole when a streamed write fails half-way", async () => {
      const driver = options.driver();
      const dir = `${options.base()}/${randomBytes(4).toString("hex")}`;
      const previous = randomBytes(1000);
      await driver.write(`${dir}/object.bin`, previous);
      // 12 MiB before failing: past the first part of a multipart upload (or staged block).
      async function* failing() {
        for (let i = 0; i < 12; i++) yield randomBytes(MiB);
        throw new Error("source failed half-way");
      }
      await expect(driver.writeStream(`${dir}/object.bin`, failing())).rejects.toThrow("source failed half-way");
      expect(Buffer.compare(await driver.read(`${dir}/object.bin`), previous)).toBe(0);
      expect(await driver.list(`${dir}/`)).toEqual([`${dir}/object.bin`]);
    });

    it(`streams a ${LARGE_MIB} MiB object through the store and back, holding less than half of it`, async ({
      annotate,
    }) => {
      const uri = `${options.base()}/${randomBytes(4).toString("hex")}/large.bin`;
      const request = { ...options.streamChild(), from: options.workdir, scheme: options.scheme, uri, bytes: LARGE };
      try {
        const report = await runStreamChild(request);
        const rate = (ms: number) => `${(LARGE / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;
        await annotate(
          `peak RSS ${report.maxRssMiB} MiB (${report.baselineRssMiB} MiB before streaming); writeStream ${rate(report.writeMs)}, readStream ${rate(report.readMs)}`,
        );
        expect(report.bytes).toBe(LARGE);
        expect(report.readSha).toBe(report.writtenSha);
        const growth = report.maxRssMiB - report.baselineRssMiB;
        expect(growth, "peak RSS growth (MiB) while streaming").toBeLessThan(LARGE_MIB / 2);
        expect(report.maxRssMiB, "peak RSS (MiB) of the process that streamed the object").toBeLessThan(LARGE_MIB);
      } finally {
        await options
          .driver()
          .delete(uri)
          .catch(() => undefined);
      }
    }, 300_000);

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
