import { Readable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import type { StorageDriver } from "@ferry/core";
import { FerryError } from "@ferry/core";
import { uploadStream } from "./upload-stream.ts";

export interface S3DriverOptions {
  /** Endpoint of an S3-compatible store or emulator (MinIO, moto). @default AWS */
  readonly endpoint?: string | undefined;
  /** @default the SDK's default chain (AWS_REGION, config files) */
  readonly region?: string | undefined;
  /** Address buckets as `<endpoint>/<bucket>` (emulators, most S3-compatible stores). @default true with an endpoint */
  readonly forcePathStyle?: boolean | undefined;
  /**
   * Part size of `writeStream`'s multipart uploads; S3 allows 10,000 parts, so this caps a
   * streamed object at 10,000 × partSize (78 GiB by default). Memory holds about five parts.
   * @default 8 MiB
   */
  readonly partSize?: number | undefined;
}

const S3_URI = /^s3:\/\/([^/]+)\/?(.*)$/;

function parse(uri: string): { bucket: string; key: string } {
  const m = S3_URI.exec(uri);
  if (!m) throw new FerryError("STORAGE_ERROR", { message: `'${uri}' is not an s3://bucket/key URI.` });
  return { bucket: m[1] as string, key: m[2] as string };
}

/** Name of the error the SDK threw (NoSuchKey, NoSuchBucket, CredentialsProviderError, ...). */
const nameOf = (error: unknown) => (error as { name?: string } | undefined)?.name ?? "";

/** Explain the errors a user can fix: a missing bucket, no credentials, refused credentials. */
function explain(error: unknown, uri: string): unknown {
  const name = nameOf(error);
  const { bucket } = parse(uri);
  if (name === "NoSuchBucket") {
    return new FerryError("STORAGE_ERROR", {
      message: `The bucket '${bucket}' does not exist (${uri}).`,
      hint: `Create it (aws s3 mb s3://${bucket}) or fix the path in conf/<env>/catalog.yml.`,
      cause: error,
    });
  }
  if (name === "CredentialsProviderError") {
    return new FerryError("STORAGE_ERROR", {
      message: `No AWS credentials were found to reach ${uri}.`,
      hint: "Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or run where an instance or task role applies.",
      cause: error,
    });
  }
  if (name === "InvalidAccessKeyId" || name === "SignatureDoesNotMatch" || name === "AccessDenied") {
    return new FerryError("STORAGE_ERROR", {
      message: `S3 refused the credentials for ${uri} (${name}).`,
      hint: "Check the access key, secret and the identity's permissions on the bucket.",
      cause: error,
    });
  }
  return error;
}

/**
 * Storage for `s3://bucket/key` URIs through `@aws-sdk/client-s3`, with the SDK's default
 * credential chain. The SDK is loaded on first use. A PutObject is atomic: readers see the
 * old object or the whole new one; so is a multipart upload, which S3 shows only once completed.
 */
export function createS3Driver(options: S3DriverOptions = {}): StorageDriver {
  let client: Promise<{ s3: S3Client; sdk: typeof import("@aws-sdk/client-s3") }> | undefined;
  const connect = () => {
    client ??= import("@aws-sdk/client-s3").then((sdk) => ({
      sdk,
      s3: new sdk.S3Client({
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(options.region ? { region: options.region } : {}),
        forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
      }),
    }));
    return client;
  };
  const call = async <R>(
    uri: string,
    fn: (c: Awaited<ReturnType<typeof connect>>, at: { bucket: string; key: string }) => Promise<R>,
  ) => {
    try {
      return await fn(await connect(), parse(uri));
    } catch (error) {
      throw explain(error, uri);
    }
  };
  return {
    scheme: "s3",
    read: (uri) =>
      call(uri, async ({ s3, sdk }, { bucket, key }) => {
        const object = await s3.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
        return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      }),
    write: (uri, data) =>
      call(uri, async ({ s3, sdk }, { bucket, key }) => {
        await s3.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: data }));
      }),
    readStream: (uri) =>
      call(uri, async ({ s3, sdk }, { bucket, key }) => {
        const object = await s3.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
        // In Node the body is the HTTP response, a Readable.
        return (object.Body as Readable | undefined) ?? Readable.from([]);
      }),
    writeStream: (uri, source) =>
      call(uri, ({ s3, sdk }, { bucket, key }) =>
        uploadStream({ s3, sdk, uri, bucket, key, partSize: options.partSize ?? 8 * 2 ** 20 }, source),
      ),
    exists: (uri) =>
      call(uri, async ({ s3, sdk }, { bucket, key }) => {
        try {
          await s3.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key }));
          return true;
        } catch (error) {
          if (nameOf(error) === "NotFound" || nameOf(error) === "NoSuchKey") return false;
          throw error;
        }
      }),
    list: (prefix) =>
      call(prefix, async ({ s3, sdk }, { bucket, key }) => {
        const uris: string[] = [];
        for await (const page of sdk.paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: key })) {
          for (const object of page.Contents ?? []) if (object.Key) uris.push(`s3://${bucket}/${object.Key}`);
        }
        return uris.sort();
      }),
    delete: (uri) =>
      call(uri, async ({ s3, sdk }, { bucket, key }) => {
        await s3.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: key }));
      }),
  };
}
