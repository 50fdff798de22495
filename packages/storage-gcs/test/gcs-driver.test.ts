import { join } from "node:path";
import { runStorageConformance } from "@ferry/conformance";
import { FerryError } from "@ferry/core";
import { Storage } from "@google-cloud/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGcsDriver } from "../src/index.ts";
import { gcsEmulatorMissing, startGcsEmulator } from "./gcs-emulator.ts";

const missing = gcsEmulatorMissing();
if (missing && process.env.CI) throw new Error(`${missing} (CI needs the GCS test peer)`);

describe.skipIf(missing !== undefined)(`gs against the GCS emulator${missing ? ` — skipped: ${missing}` : ""}`, () => {
  let emulator: Awaited<ReturnType<typeof startGcsEmulator>>;
  beforeAll(async () => {
    emulator = await startGcsEmulator();
    process.env.FERRY_TEST_GCS_ENDPOINT = emulator.endpoint;
    await new Storage({ apiEndpoint: emulator.endpoint, projectId: "test" }).createBucket("ferry-data");
  });
  afterAll(() => emulator?.stop());

  runStorageConformance({
    scheme: "gs",
    driver: () => createGcsDriver({ apiEndpoint: emulator.endpoint, projectId: "test" }),
    base: () => "gs://ferry-data/conformance",
    register: {
      imports: 'import { createGcsDriver } from "@ferry/storage-gcs";',
      storage: '[createGcsDriver({ apiEndpoint: process.env.FERRY_TEST_GCS_ENDPOINT, projectId: "test" })]',
    },
    workdir: join(import.meta.dirname, ".projects"),
  });

  it("says when the bucket does not exist and how to create it", async () => {
    const driver = createGcsDriver({ apiEndpoint: emulator.endpoint, projectId: "test" });
    const error = await driver.read("gs://no-such-bucket/x.csv").catch((e: unknown) => e);
    expect(FerryError.is(error, "STORAGE_ERROR")).toBe(true);
    expect((error as FerryError).message).toBe(
      "The bucket 'no-such-bucket' does not exist (gs://no-such-bucket/x.csv).",
    );
    expect((error as FerryError).hint).toBe(
      "Create it (gcloud storage buckets create gs://no-such-bucket) or fix the path in conf/<env>/catalog.yml.",
    );
  });
});
