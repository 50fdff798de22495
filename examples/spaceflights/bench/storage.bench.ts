// Throughput of every storage driver against local peers: writeStream and readStream of a
// 64 MiB object, write and read of an 8 MiB one, median of 3 runs each. Figures only.
//   node bench/storage.bench.ts (in examples/spaceflights, whose drivers it measures)
// Uses the running test peers (npx --yes pnpm@12 peers), or starts them for the run.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { BlobServiceClient } from "@azure/storage-blob";
import { createStorageRegistry, type StorageDriver } from "@ferry/core";
import { peer, start } from "@ferry/repo-scripts/peers";
import { createAzureDriver } from "@ferry/storage-azure";
import { createGcsDriver } from "@ferry/storage-gcs";
import { createS3Driver } from "@ferry/storage-s3";

const MiB = 2 ** 20;
const STREAMED = 64 * MiB;
const WHOLE = 8 * MiB;
const RUNS = 3;
const BUCKET = "ferry-bench";

const stops: (() => void)[] = [];
if (peer("moto").skip) stops.push(await start());
process.env.AWS_ACCESS_KEY_ID ??= "testing"; // any key does for moto
process.env.AWS_SECRET_ACCESS_KEY ??= "testing";
process.env.AWS_REGION ??= "us-east-1";

/** Each driver with a writable location, its bucket or container created. */
async function drivers(): Promise<{ name: string; driver: StorageDriver; base: string }[]> {
  const local = mkdtempSync(join(tmpdir(), "ferry-bench-"));
  stops.push(() => rmSync(local, { recursive: true, force: true }));
  const moto = peer("moto").endpoints?.endpoint ?? "";
  await fetch(`${moto}/${BUCKET}`, { method: "PUT" }); // moto needs no signature
  const gcs = peer("gcs").endpoints?.endpoint ?? "";
  await fetch(`${gcs}/storage/v1/b?project=test`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: BUCKET }),
  });
  const connectionString = peer("azurite").endpoints?.connectionString ?? "";
  await BlobServiceClient.fromConnectionString(connectionString).getContainerClient(BUCKET).createIfNotExists();
  const [az] = createAzureDriver({ connectionString });
  const base = pathToFileURL(local).href;
  return [
    { name: "file", driver: createStorageRegistry(local).driverFor(base), base },
    { name: "s3 (moto)", driver: createS3Driver({ endpoint: moto }), base: `s3://${BUCKET}` },
    {
      name: "gs (gcp-storage-emulator)",
      driver: createGcsDriver({ apiEndpoint: gcs, projectId: "test" }),
      base: `gs://${BUCKET}`,
    },
    { name: "az (Azurite)", driver: az as StorageDriver, base: `az://${BUCKET}` },
  ];
}

/** Median MB/s (10^6 bytes per second) of `bytes` moved by `run`, over RUNS runs. */
async function rate(bytes: number, run: () => Promise<void>): Promise<number> {
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    rates.push(bytes / 1e6 / ((performance.now() - start) / 1000));
  }
  return rates.sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
}

async function drain(stream: Readable): Promise<number> {
  let n = 0;
  for await (const chunk of stream) n += (chunk as Buffer).length;
  return n;
}

function table(rows: string[][]): string {
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join("  ");
  return [line(rows[0] as string[]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join(
    "\n",
  );
}

const load = loadavg().map((x) => x.toFixed(2));
console.log(`Node ${process.version}, ${availableParallelism()} CPUs, load average ${load.join(" ")}`);
console.log(
  `MB/s, median of ${RUNS}: streams of ${STREAMED / MiB} MiB (1 MiB chunks), whole buffers of ${WHOLE / MiB} MiB\n`,
);
const streamed = randomBytes(STREAMED);
const whole = streamed.subarray(0, WHOLE);
const rows = [["driver", "writeStream", "readStream", "write", "read", "writeStream/write", "readStream/read"]];
try {
  for (const { name, driver, base } of await drivers()) {
    const big = `${base}/bench/streamed.bin`;
    const small = `${base}/bench/whole.bin`;
    const chunks = () =>
      Readable.from(Array.from({ length: STREAMED / MiB }, (_, i) => streamed.subarray(i * MiB, (i + 1) * MiB)));
    const ws = await rate(STREAMED, () => driver.writeStream(big, chunks()));
    const rs = await rate(STREAMED, async () => {
      if ((await drain(await driver.readStream(big))) !== STREAMED)
        throw new Error(`${name}: readStream came back short`);
    });
    const w = await rate(WHOLE, () => driver.write(small, whole));
    const r = await rate(WHOLE, async () => {
      if ((await driver.read(small)).length !== WHOLE) throw new Error(`${name}: read came back short`);
    });
    await Promise.all([driver.delete(big), driver.delete(small)]);
    rows.push([name, ...[ws, rs, w, r].map((x) => x.toFixed(0)), (ws / w).toFixed(2), (rs / r).toFixed(2)]);
  }
  console.log(table(rows));
} finally {
  for (const stop of stops.reverse()) stop();
}
