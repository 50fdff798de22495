import { join } from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { runStorageConformance } from "@ferry/conformance";
import { FerryError } from "@ferry/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createS3Driver } from "../src/index.ts";
import { motoMissing, startMoto } from "./moto.ts";

const missing = motoMissing();
if (missing && process.env.CI) throw new Error(`${missing} (CI needs the S3 test peer)`);
Object.assign(process.env, {
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
  AWS_REGION: "us-east-1",
  AWS_EC2_METADATA_DISABLED: "true", // never ask an instance metadata service
});

describe.skipIf(missing !== undefined)(`s3 against moto${missing ? ` — skipped: ${missing}` : ""}`, () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  beforeAll(async () => {
    moto = await startMoto();
    process.env.FERRY_TEST_S3_ENDPOINT = moto.endpoint;
    await new S3Client({ endpoint: moto.endpoint, forcePathStyle: true }).send(
      new CreateBucketCommand({ Bucket: "ferry-data" }),
    );
  });
  afterAll(() => moto?.stop());

  runStorageConformance({
    scheme: "s3",
    driver: () => createS3Driver({ endpoint: moto.endpoint }),
    base: () => "s3://ferry-data/conformance",
    register: {
      imports: 'import { createS3Driver } from "@ferry/storage-s3";',
      storage: "[createS3Driver({ endpoint: process.env.FERRY_TEST_S3_ENDPOINT })]",
    },
    workdir: join(import.meta.dirname, ".projects"),
  });

  it("says when the bucket does not exist and how to create it", async () => {
    const error = await createS3Driver({ endpoint: moto.endpoint })
      .read("s3://no-such-bucket/x.csv")
      .catch((e: unknown) => e);
    expect(FerryError.is(error, "STORAGE_ERROR")).toBe(true);
    expect((error as FerryError).message).toBe(
      "The bucket 'no-such-bucket' does not exist (s3://no-such-bucket/x.csv).",
    );
    expect((error as FerryError).hint).toBe(
      "Create it (aws s3 mb s3://no-such-bucket) or fix the path in conf/<env>/catalog.yml.",
    );
  });
});

it("names the fix when no AWS credentials are found", async () => {
  const saved = { ...process.env };
  for (const key of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"])
    delete process.env[key];
  process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/credentials";
  process.env.AWS_CONFIG_FILE = "/nonexistent/config";
  try {
    const error = await createS3Driver({ endpoint: "http://127.0.0.1:9", region: "us-east-1" })
      .read("s3://bucket/key")
      .catch((e: unknown) => e);
    expect(FerryError.is(error, "STORAGE_ERROR")).toBe(true);
    expect((error as FerryError).message).toBe("No AWS credentials were found to reach s3://bucket/key.");
  } finally {
    process.env = saved;
  }
});
