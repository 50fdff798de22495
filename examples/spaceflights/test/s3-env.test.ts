import { rmSync } from "node:fs";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, expect, it } from "vitest";
// The S3 peer (moto) as the storage-s3 package's tests start it.
import { motoMissing, startMoto } from "../../../packages/storage-s3/test/moto.ts";
import { createSandbox, runOnStore } from "./support.ts";

const missing = motoMissing();
if (missing && process.env.CI) throw new Error(`${missing} (CI needs the S3 test peer)`);
const creds = { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1" };

let moto: Awaited<ReturnType<typeof startMoto>> | undefined;
const dir = createSandbox("s3-");
beforeAll(async () => {
  if (missing) return;
  moto = await startMoto();
});
afterAll(() => {
  moto?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it.skipIf(missing !== undefined)(
  `runs spaceflights with every dataset on S3 (--env s3)${missing ? ` — skipped: ${missing}` : ""}`,
  async () => {
    const endpoint = moto?.endpoint as string;
    const s3 = new S3Client({
      endpoint,
      forcePathStyle: true,
      region: "us-east-1",
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    });
    await s3.send(new CreateBucketCommand({ Bucket: "spaceflights" }));
    Object.assign(process.env, creds, { FERRY_S3_ENDPOINT: endpoint, AWS_EC2_METADATA_DISABLED: "true" });
    const result = await runOnStore(dir, "s3", (Key, Body) =>
      s3.send(new PutObjectCommand({ Bucket: "spaceflights", Key, Body })),
    );
    expect(result.code, result.stderr).toBe(0);
    const metrics = await s3.send(new GetObjectCommand({ Bucket: "spaceflights", Key: "08_reporting/metrics.json" }));
    expect(Number.isFinite(JSON.parse(await (metrics.Body?.transformToString() ?? "{}")).r2_score)).toBe(true);
  },
);
