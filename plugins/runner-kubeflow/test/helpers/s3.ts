// S3 on the moto test peer: the storage root of the conformance runs. The steps run as child
// processes of the emulator and reach moto through the same variables as this process.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { DataStore } from "@ferry/conformance";
import type { StorageDriver } from "@ferry/core";
import { peer } from "@ferry/repo-scripts/peers";
import { createS3Driver } from "@ferry/storage-s3";

export const moto = peer("moto");
export const BUCKET = "ferry-kubeflow";

/** What a step needs to reach moto: the endpoint, static test credentials, a region. */
export const s3Env: Readonly<Record<string, string>> = moto.endpoints
  ? {
      AWS_ENDPOINT_URL_S3: moto.endpoints.endpoint,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_REGION: "us-east-1",
      AWS_EC2_METADATA_DISABLED: "true",
    }
  : {};

let driver: StorageDriver | undefined;
const s3 = () => {
  driver ??= createS3Driver({ endpoint: moto.endpoints?.endpoint });
  return driver;
};

/** Create the bucket (moto answers unsigned requests); peers outlive a test run, so it may exist. */
export async function createBucket(): Promise<void> {
  Object.assign(process.env, s3Env);
  const response = await fetch(`${moto.endpoints?.endpoint}/${BUCKET}`, { method: "PUT" });
  await response.body?.cancel();
  if (!response.ok && response.status !== 409) throw new Error(`moto refused to create ${BUCKET}: ${response.status}`);
}

export const store: DataStore = { write: (uri, bytes) => s3().write(uri, bytes) };

/** The bytes at a dataset URI: the target's `s3://` outputs, or the local run's files. */
export async function readUri(uri: string): Promise<Uint8Array> {
  return uri.startsWith("s3://") ? s3().read(uri) : new Uint8Array(await readFile(fileURLToPath(uri)));
}
