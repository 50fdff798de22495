// Streams a large pseudo-random object through a storage driver and back, in a process of its
// own so that its peak memory is the driver's, not the test runner's. runStorageConformance
// starts it with a StreamChildRequest (JSON) as its argument; it prints a StreamChildReport.
import { createHash, type Hash } from "node:crypto";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { StorageDriver } from "@ferry/core";

export interface StreamChildRequest {
  /** Folder the driver's module resolves from. */
  readonly from: string;
  readonly module: string;
  readonly export: string;
  readonly options?: unknown;
  readonly scheme: string;
  readonly uri: string;
  readonly bytes: number;
}

export interface StreamChildReport {
  readonly writtenSha: string;
  readonly readSha: string;
  /** Bytes read back. */
  readonly bytes: number;
  readonly maxRssMiB: number;
  /** Peak RSS once the driver had written and read a 1 KiB object: its SDK's share. */
  readonly baselineRssMiB: number;
  readonly writeMs: number;
  readonly readMs: number;
}

const CHUNK = 2 ** 20;

/**
 * V8 frees dropped buffers only when it collects, and lets about 100 MiB of them pile up
 * first: a full collection every 8 MiB streamed (`--expose-gc`) makes peak RSS measure what
 * the driver holds, not what V8 has yet to free.
 */
function collectEvery8MiB(before: number, after: number): void {
  if (Math.floor(before / (8 * CHUNK)) !== Math.floor(after / (8 * CHUNK))) gc?.();
}

/** `total` deterministic pseudo-random bytes (xorshift32) in fresh 1 MiB chunks, hashed as they go. */
async function* generate(total: number, hash: Hash): AsyncGenerator<Uint8Array> {
  let x = 0x9e3779b9;
  for (let left = total; left > 0; left -= CHUNK) {
    const words = new Uint32Array(CHUNK / 4);
    for (let i = 0; i < words.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      words[i] = x;
    }
    const chunk = new Uint8Array(words.buffer, 0, Math.min(CHUNK, left));
    hash.update(chunk);
    collectEvery8MiB(total - left, total - left + chunk.length);
    yield chunk;
  }
}

const request = JSON.parse(process.argv[2] ?? "") as StreamChildRequest;
// Resolved as a test project under `from` would resolve it (needs --experimental-import-meta-resolve).
const url = import.meta.resolve(request.module, pathToFileURL(join(request.from, "stream-child.js")).href);
const factory = (await import(url))[request.export] as (options: unknown) => StorageDriver | StorageDriver[];
const driver = [factory(request.options)].flat().find((d) => d.scheme === request.scheme);
if (!driver) throw new Error(`${request.module}'s ${request.export} returned no driver for '${request.scheme}'.`);

const maxRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);
await driver.write(request.uri, new Uint8Array(1024));
await driver.read(request.uri);
const baselineRssMiB = maxRssMiB();

const written = createHash("sha256");
let start = performance.now();
await driver.writeStream(request.uri, generate(request.bytes, written));
const writeMs = performance.now() - start;

const read = createHash("sha256");
let bytes = 0;
start = performance.now();
for await (const chunk of await driver.readStream(request.uri)) {
  read.update(chunk);
  collectEvery8MiB(bytes, bytes + chunk.length);
  bytes += chunk.length;
}
const report: StreamChildReport = {
  writtenSha: written.digest("hex"),
  readSha: read.digest("hex"),
  bytes,
  maxRssMiB: maxRssMiB(),
  baselineRssMiB,
  writeMs: Math.round(writeMs),
  readMs: Math.round(performance.now() - start),
};
// Exit rather than wait for the SDKs' idle keep-alive sockets to close.
process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));
