import { rmSync } from "node:fs";
import { peer } from "@ferry/repo-scripts/peers";
import { afterAll, expect, it } from "vitest";
import { gcsBucket } from "./stores.ts";
import { createSandbox, runOnStore } from "./support.ts";

const gcs = peer("gcs"); // started by scripts/peers.ts; in CI its absence throws
const dir = createSandbox("gcs-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it.skipIf(gcs.skip !== undefined)(
  `runs spaceflights with every dataset on GCS (--env gcs)${gcs.skip ? ` — skipped: ${gcs.skip}` : ""}`,
  async () => {
    const bucket = await gcsBucket(gcs.endpoints?.endpoint ?? "", "spaceflights"); // as conf/gcs/catalog.yml names it
    await bucket.remove("08_reporting/metrics.json"); // no stale output may pass
    const result = await runOnStore(dir, "gcs", bucket.put);
    expect(result.code, result.stderr).toBe(0);
    const metrics = await bucket.get("08_reporting/metrics.json");
    expect(Number.isFinite(JSON.parse(metrics.toString()).r2_score)).toBe(true);
  },
);
