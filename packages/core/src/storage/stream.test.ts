import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { StorageDriver } from "./driver.ts";
import { createFileDriver } from "./file-driver.ts";
import { createMemoryDriver } from "./memory-driver.ts";

const dir = mkdtempSync(join(tmpdir(), "ferry-streams-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Every driver core ships, each with a location to write to.
const drivers: Record<"file" | "memory", { driver: StorageDriver; base: string }> = {
  file: { driver: createFileDriver(), base: pathToFileURL(dir).href },
  memory: { driver: createMemoryDriver(), base: "memory://streams" },
};

const bytes = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) % 251);

async function collect(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

async function* failingAfter(data: Uint8Array): AsyncGenerator<Uint8Array> {
  yield data;
  throw new Error("source failed half-way");
}

describe.each(Object.entries(drivers))("%s driver streams", (_, { driver, base }) => {
  it("writes from a stream and reads back, by stream and whole, the same bytes", async () => {
    const data = bytes(300_000, 7);
    const uri = `${base}/round/trip.bin`;
    await driver.writeStream(uri, Readable.from([data.subarray(0, 1000), data.subarray(1000)]));
    expect(await collect(await driver.readStream(uri))).toEqual(data);
    expect(new Uint8Array(await driver.read(uri))).toEqual(data);
  });

  it("takes any async iterable of bytes, an empty one too", async () => {
    async function* parts() {
      yield bytes(10, 1);
      yield bytes(20, 2);
    }
    await driver.writeStream(`${base}/iter.bin`, parts());
    expect([...(await driver.read(`${base}/iter.bin`))]).toEqual([...bytes(10, 1), ...bytes(20, 2)]);
    await driver.writeStream(`${base}/empty.bin`, Readable.from([]));
    expect((await collect(await driver.readStream(`${base}/empty.bin`))).length).toBe(0);
  });

  it("keeps the previous object whole when the source fails half-way", async () => {
    const uri = `${base}/atomic/object.bin`;
    await driver.write(uri, bytes(1000, 1));
    await expect(driver.writeStream(uri, failingAfter(bytes(2_000_000, 2)))).rejects.toThrow("source failed half-way");
    expect(new Uint8Array(await driver.read(uri))).toEqual(bytes(1000, 1));
    expect(await driver.list(`${base}/atomic/`)).toEqual([uri]);
  });

  it("rejects a missing object before streaming, as read does", async () => {
    await expect(driver.readStream(`${base}/missing.bin`)).rejects.toMatchObject({ code: "ENOENT" });
    await expect(driver.read(`${base}/missing.bin`)).rejects.toMatchObject({ code: "ENOENT" });
  });
});

it("file driver: a failed stream leaves no temp file in the folder", async () => {
  const driver = createFileDriver();
  const uri = pathToFileURL(join(dir, "temp", "object.bin")).href;
  await driver.write(uri, bytes(10, 1));
  await expect(driver.writeStream(uri, failingAfter(bytes(2_000_000, 2)))).rejects.toThrow("source failed half-way");
  expect(readdirSync(join(dir, "temp"))).toEqual(["object.bin"]);
});
