import { rmSync } from "node:fs";
import { peer } from "@ferry/repo-scripts/peers";
import { afterAll, expect, it } from "vitest";
import { s3Bucket } from "./stores.ts";
import { createSandbox, runOnStore } from "./support.ts";

const moto = peer("moto"); // started by scripts/peers.ts; in CI its absence throws
const dir = createSandbox("s3-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it.skipIf(moto.skip !== undefined)(
  `runs spaceflights with every dataset on S3 (--env s3)${moto.skip ? ` — skipped: ${moto.skip}` : ""}`,
  async () => {
    const bucket = await s3Bucket(moto.endpoints?.endpoint ?? "", "spaceflights"); // as conf/s3/catalog.yml names it
    await bucket.remove("08_reporting/metrics.json"); // no stale output may pass
    const result = await runOnStore(dir, "s3", bucket.put);
    expect(result.code, result.stderr).toBe(0);
    const metrics = await bucket.get("08_reporting/metrics.json");
    expect(Number.isFinite(JSON.parse(metrics.toString()).r2_score)).toBe(true);
  },
);
