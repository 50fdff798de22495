import { rmSync } from "node:fs";
import { Storage } from "@google-cloud/storage";
import { afterAll, beforeAll, expect, it } from "vitest";
// The GCS peer as the storage-gcs package's tests start it.
import { gcsEmulatorMissing, startGcsEmulator } from "../../../packages/storage-gcs/test/gcs-emulator.ts";
import { createSandbox, runOnStore } from "./support.ts";

const missing = gcsEmulatorMissing();
if (missing && process.env.CI) throw new Error(`${missing} (CI needs the GCS test peer)`);

let emulator: Awaited<ReturnType<typeof startGcsEmulator>> | undefined;
const dir = createSandbox("gcs-");
beforeAll(async () => {
  if (!missing) emulator = await startGcsEmulator();
});
afterAll(() => {
  emulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it.skipIf(missing !== undefined)(
  `runs spaceflights with every dataset on GCS (--env gcs)${missing ? ` — skipped: ${missing}` : ""}`,
  async () => {
    const endpoint = emulator?.endpoint as string;
    const storage = new Storage({ apiEndpoint: endpoint, projectId: "test" });
    const [bucket] = await storage.createBucket("spaceflights");
    Object.assign(process.env, { FERRY_GCS_ENDPOINT: endpoint, FERRY_GCS_PROJECT: "test" });
    const result = await runOnStore(dir, "gcs", (key, data) => bucket.file(key).save(data, { resumable: false }));
    expect(result.code, result.stderr).toBe(0);
    const [metrics] = await bucket.file("08_reporting/metrics.json").download();
    expect(Number.isFinite(JSON.parse(metrics.toString()).r2_score)).toBe(true);
  },
);
