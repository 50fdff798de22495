import { join } from "node:path";
import { Readable } from "node:stream";
import { runStorageConformance } from "@ferry/conformance";
import { FerryError } from "@ferry/core";
import { peer } from "@ferry/repo-scripts/peers";
import { Storage } from "@google-cloud/storage";
import { beforeAll, describe, expect, it } from "vitest";
import { createGcsDriver } from "../src/index.ts";

const gcs = peer("gcs"); // started by scripts/peers.ts; in CI its absence throws

describe.skipIf(gcs.skip !== undefined)(
  `gs against the GCS emulator${gcs.skip ? ` — skipped: ${gcs.skip}` : ""}`,
  () => {
    const endpoint = gcs.endpoints?.endpoint ?? "";
    beforeAll(async () => {
      process.env.FERRY_TEST_GCS_ENDPOINT = endpoint;
      await new Storage({ apiEndpoint: endpoint, projectId: "test" })
        .createBucket("ferry-data")
        .catch((error: { code?: number }) => {
          if (error.code !== 409) throw error; // peers outlive one test run
        });
    });

    runStorageConformance({
      scheme: "gs",
      driver: () => createGcsDriver({ apiEndpoint: endpoint, projectId: "test" }),
      base: () => "gs://ferry-data/conformance",
      register: {
        imports: 'import { createGcsDriver } from "@ferry/storage-gcs";',
        storage: '[createGcsDriver({ apiEndpoint: process.env.FERRY_TEST_GCS_ENDPOINT, projectId: "test" })]',
      },
      workdir: join(import.meta.dirname, ".projects"),
      streamChild: () => ({
        module: "@ferry/storage-gcs",
        export: "createGcsDriver",
        options: { apiEndpoint: endpoint, projectId: "test" },
      }),
    });

    it("says when the bucket does not exist for streams too", async () => {
      const driver = createGcsDriver({ apiEndpoint: endpoint, projectId: "test" });
      for (const error of [
        await driver.readStream("gs://no-such-bucket/x.csv").catch((e: unknown) => e),
        await driver
          .writeStream("gs://no-such-bucket/x.csv", Readable.from([new Uint8Array(1)]))
          .catch((e: unknown) => e),
      ])
        expect((error as FerryError).message).toBe(
          "The bucket 'no-such-bucket' does not exist (gs://no-such-bucket/x.csv).",
        );
    });

    it("says when the bucket does not exist and how to create it", async () => {
      const driver = createGcsDriver({ apiEndpoint: endpoint, projectId: "test" });
      const error = await driver.read("gs://no-such-bucket/x.csv").catch((e: unknown) => e);
      expect(FerryError.is(error, "STORAGE_ERROR")).toBe(true);
      expect((error as FerryError).message).toBe(
        "The bucket 'no-such-bucket' does not exist (gs://no-such-bucket/x.csv).",
      );
      expect((error as FerryError).hint).toBe(
        "Create it (gcloud storage buckets create gs://no-such-bucket) or fix the path in conf/<env>/catalog.yml.",
      );
    });
  },
);
