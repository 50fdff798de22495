import { join } from "node:path";
import { Readable } from "node:stream";
import { CreateBucketCommand, ListMultipartUploadsCommand, S3Client } from "@aws-sdk/client-s3";
import { runStorageConformance } from "@ferry/conformance";
import { FerryError } from "@ferry/core";
import { peer } from "@ferry/repo-scripts/peers";
import { beforeAll, describe, expect, it } from "vitest";
import { createS3Driver } from "../src/index.ts";

const moto = peer("moto"); // started by scripts/peers.ts; in CI its absence throws
Object.assign(process.env, {
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
  AWS_REGION: "us-east-1",
  AWS_EC2_METADATA_DISABLED: "true", // never ask an instance metadata service
});

describe.skipIf(moto.skip !== undefined)(`s3 against moto${moto.skip ? ` — skipped: ${moto.skip}` : ""}`, () => {
  const endpoint = moto.endpoints?.endpoint ?? "";
  beforeAll(async () => {
    process.env.FERRY_TEST_S3_ENDPOINT = endpoint;
    await new S3Client({ endpoint, forcePathStyle: true })
      .send(new CreateBucketCommand({ Bucket: "ferry-data" }))
      .catch((error: Error) => {
        if (error.name !== "BucketAlreadyOwnedByYou") throw error; // peers outlive one test run
      });
  });

  runStorageConformance({
    scheme: "s3",
    driver: () => createS3Driver({ endpoint: endpoint }),
    base: () => "s3://ferry-data/conformance",
    register: {
      imports: 'import { createS3Driver } from "@ferry/storage-s3";',
      storage: "[createS3Driver({ endpoint: process.env.FERRY_TEST_S3_ENDPOINT })]",
    },
    workdir: join(import.meta.dirname, ".projects"),
    streamChild: () => ({
      module: "@ferry/storage-s3",
      export: "createS3Driver",
      options: { endpoint: endpoint },
    }),
  });

  it("aborts the multipart upload of a stream that fails", async () => {
    async function* failing() {
      for (let i = 0; i < 12; i++) yield new Uint8Array(2 ** 20);
      throw new Error("source failed half-way");
    }
    const driver = createS3Driver({ endpoint: endpoint });
    await expect(driver.writeStream("s3://ferry-data/aborted/x.bin", failing())).rejects.toThrow("source failed");
    const s3 = new S3Client({ endpoint: endpoint, forcePathStyle: true });
    const { Uploads } = await s3.send(new ListMultipartUploadsCommand({ Bucket: "ferry-data", Prefix: "aborted/" }));
    expect(Uploads ?? []).toEqual([]);
  });

  it("says when the bucket does not exist for streams too", async () => {
    const driver = createS3Driver({ endpoint: endpoint });
    for (const error of [
      await driver.readStream("s3://no-such-bucket/x.csv").catch((e: unknown) => e),
      await driver
        .writeStream("s3://no-such-bucket/x.csv", Readable.from([new Uint8Array(1)]))
        .catch((e: unknown) => e),
    ])
      expect((error as FerryError).message).toBe(
        "The bucket 'no-such-bucket' does not exist (s3://no-such-bucket/x.csv).",
      );
  });

  it("says when the bucket does not exist and how to create it", async () => {
    const error = await createS3Driver({ endpoint: endpoint })
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
