import { rmSync } from "node:fs";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { peer } from "@ferry/repo-scripts/peers";
import { afterAll, expect, it } from "vitest";
import { createSandbox, runOnStore } from "./support.ts";

const moto = peer("moto"); // started by scripts/peers.ts; in CI its absence throws
const dir = createSandbox("s3-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it.skipIf(moto.skip !== undefined)(
  `runs spaceflights with every dataset on S3 (--env s3)${moto.skip ? ` — skipped: ${moto.skip}` : ""}`,
  async () => {
    const endpoint = moto.endpoints?.endpoint ?? "";
    const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
    const s3 = new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1", credentials });
    const Bucket = "spaceflights"; // as conf/s3/catalog.yml names it
    await s3.send(new CreateBucketCommand({ Bucket })).catch((error: Error) => {
      if (error.name !== "BucketAlreadyOwnedByYou") throw error; // the peer outlives one test run
    });
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_REGION: "us-east-1",
      AWS_EC2_METADATA_DISABLED: "true",
      FERRY_S3_ENDPOINT: endpoint,
    });
    const result = await runOnStore(dir, "s3", (Key, Body) => s3.send(new PutObjectCommand({ Bucket, Key, Body })));
    expect(result.code, result.stderr).toBe(0);
    const metrics = await s3.send(new GetObjectCommand({ Bucket, Key: "08_reporting/metrics.json" }));
    expect(Number.isFinite(JSON.parse(await (metrics.Body?.transformToString() ?? "{}")).r2_score)).toBe(true);
  },
);
