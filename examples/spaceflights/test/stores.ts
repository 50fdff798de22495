// Buckets on the storage peers, as spaceflights' tests use them: created if new (the peers
// outlive one test run), with this process's env pointing spaceflights (and the step
// processes it starts) at them.
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Storage } from "@google-cloud/storage";

/** A bucket as the tests use it. */
export interface Store {
  put(key: string, body: Buffer): Promise<unknown>;
  get(key: string): Promise<Buffer>;
  remove(key: string): Promise<unknown>;
}

/** moto as S3 for this process and the steps it starts (spaceflights reads FERRY_S3_ENDPOINT). */
export function useMoto(endpoint: string): S3Client {
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
    FERRY_S3_ENDPOINT: endpoint,
  });
  const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
  return new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1", credentials });
}

/** An S3 bucket on moto, created if new (the peer outlives one test run). */
export async function s3Bucket(endpoint: string, Bucket: string): Promise<Store> {
  const s3 = useMoto(endpoint);
  await s3.send(new CreateBucketCommand({ Bucket })).catch((error: Error) => {
    if (error.name !== "BucketAlreadyOwnedByYou") throw error;
  });
  return {
    put: (Key, Body) => s3.send(new PutObjectCommand({ Bucket, Key, Body })),
    get: async (Key) => {
      const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
      return Buffer.from((await got.Body?.transformToByteArray()) ?? []);
    },
    remove: (Key) => s3.send(new DeleteObjectCommand({ Bucket, Key })),
  };
}

/** A GCS bucket on the emulator, created if new; FERRY_GCS_ENDPOINT points spaceflights at it. */
export async function gcsBucket(endpoint: string, name: string): Promise<Store> {
  Object.assign(process.env, { FERRY_GCS_ENDPOINT: endpoint, FERRY_GCS_PROJECT: "test" });
  const bucket = new Storage({ apiEndpoint: endpoint, projectId: "test" }).bucket(name);
  await bucket.create().catch((error: { code?: number }) => {
    if (error.code !== 409) throw error;
  });
  return {
    put: (key, body) => bucket.file(key).save(body, { resumable: false }),
    get: async (key) => (await bucket.file(key).download())[0],
    remove: (key) => bucket.file(key).delete({ ignoreNotFound: true }),
  };
}
