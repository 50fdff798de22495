import { rmSync } from "node:fs";
import { peer } from "@ferry/repo-scripts/peers";
import { Storage } from "@google-cloud/storage";
import { afterAll, expect, it } from "vitest";
import { createSandbox, runOnStore } from "./support.ts";

const gcs = peer("gcs"); // started by scripts/peers.ts; in CI its absence throws
const dir = createSandbox("gcs-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it.skipIf(gcs.skip !== undefined)(
  `runs spaceflights with every dataset on GCS (--env gcs)${gcs.skip ? ` — skipped: ${gcs.skip}` : ""}`,
  async () => {
    const endpoint = gcs.endpoints?.endpoint ?? "";
    const bucket = new Storage({ apiEndpoint: endpoint, projectId: "test" }).bucket("spaceflights");
    await bucket.create().catch((error: { code?: number }) => {
      if (error.code !== 409) throw error; // the peer outlives one test run
    });
    Object.assign(process.env, { FERRY_GCS_ENDPOINT: endpoint, FERRY_GCS_PROJECT: "test" });
    const result = await runOnStore(dir, "gcs", (key, data) => bucket.file(key).save(data, { resumable: false }));
    expect(result.code, result.stderr).toBe(0);
    const [metrics] = await bucket.file("08_reporting/metrics.json").download();
    expect(Number.isFinite(JSON.parse(metrics.toString()).r2_score)).toBe(true);
  },
);
