import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Storage } from "@google-cloud/storage";
import { afterAll, beforeAll, expect, it } from "vitest";
// The GCS peer as the storage-gcs package's tests start it.
import { gcsEmulatorMissing, startGcsEmulator } from "../../../packages/storage-gcs/test/gcs-emulator.ts";
import { createSandbox, ferry, generate } from "./support.ts";

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
    expect((await generate(["--rows", "1000", "--out", join(dir, "raw")])).code).toBe(0);
    for (const file of readdirSync(join(dir, "raw"))) {
      await bucket.file(`01_raw/${file}`).save(readFileSync(join(dir, "raw", file)), { resumable: false });
    }
    Object.assign(process.env, { FERRY_GCS_ENDPOINT: endpoint, FERRY_GCS_PROJECT: "test" });
    const result = await ferry(["run", "--env", "gcs"], dir);
    expect(result.code, result.stderr).toBe(0);
    const [metrics] = await bucket.file("08_reporting/metrics.json").download();
    expect(Number.isFinite(JSON.parse(metrics.toString()).r2_score)).toBe(true);
  },
);
