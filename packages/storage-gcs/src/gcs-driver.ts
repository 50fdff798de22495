import { once } from "node:events";
import { pipeline } from "node:stream/promises";
import { FerryError, type StorageDriver } from "@ferry/core";
import type { Storage } from "@google-cloud/storage";

export interface GcsDriverOptions {
  /** An emulator or private endpoint (`http://127.0.0.1:9023`). @default Google Cloud */
  readonly apiEndpoint?: string | undefined;
  /** @default the project of the Application Default Credentials */
  readonly projectId?: string | undefined;
}

/** `writeStream`'s resumable upload chunk, held in memory until sent (Google advises at least 8 MiB). */
const CHUNK_SIZE = 8 * 2 ** 20;

const GS = /^gs:\/\/([^/]+)\/?(.*)$/;

function parse(uri: string): { bucket: string; key: string } {
  const m = GS.exec(uri);
  if (!m) throw new FerryError("STORAGE_ERROR", { message: `'${uri}' is not a gs://bucket/object URI.` });
  return { bucket: m[1] as string, key: m[2] as string };
}

const statusOf = (error: unknown) => (error as { code?: unknown } | undefined)?.code;

/** A 404 is a missing object or a missing bucket; ask which, since the messages differ by server. */
async function explain(error: unknown, uri: string, storage: Storage): Promise<unknown> {
  const { bucket } = parse(uri);
  const message = error instanceof Error ? error.message : "";
  const bucketMissing =
    statusOf(error) === 404 &&
    !(await storage
      .bucket(bucket)
      .exists()
      .then(
        ([e]) => e,
        () => true,
      ));
  if (bucketMissing) {
    return new FerryError("STORAGE_ERROR", {
      message: `The bucket '${bucket}' does not exist (${uri}).`,
      hint: `Create it (gcloud storage buckets create gs://${bucket}) or fix the path in conf/<env>/catalog.yml.`,
      cause: error,
    });
  }
  if (statusOf(error) === 401 || statusOf(error) === 403 || /default credentials/i.test(message)) {
    return new FerryError("STORAGE_ERROR", {
      message: `Google Cloud refused or found no credentials for ${uri}.`,
      hint: "Run `gcloud auth application-default login`, set GOOGLE_APPLICATION_CREDENTIALS, or run with a service account.",
      cause: error,
    });
  }
  return error;
}

/**
 * Storage for `gs://bucket/object` URIs through `@google-cloud/storage`, with Application
 * Default Credentials. A single-request (non-resumable) upload replaces an object at once:
 * readers see the old object or the whole new one. `writeStream` uses a resumable upload,
 * which GCS finalizes (and shows) only once the last byte has arrived.
 */
export function createGcsDriver(options: GcsDriverOptions = {}): StorageDriver {
  let client: Promise<Storage> | undefined;
  const connect = () => {
    client ??= import("@google-cloud/storage").then(
      ({ Storage }) =>
        new Storage({
          ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
          ...(options.projectId ? { projectId: options.projectId } : {}),
        }),
    );
    return client;
  };
  const call = async <R>(uri: string, fn: (s: Storage, at: { bucket: string; key: string }) => Promise<R>) => {
    const storage = await connect();
    try {
      return await fn(storage, parse(uri));
    } catch (error) {
      throw await explain(error, uri, storage);
    }
  };
  return {
    scheme: "gs",
    read: (uri) =>
      call(uri, async (s, { bucket, key }) => new Uint8Array((await s.bucket(bucket).file(key).download())[0])),
    write: (uri, data) =>
      call(uri, async (s, { bucket, key }) => {
        await s
          .bucket(bucket)
          .file(key)
          .save(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { resumable: false });
      }),
    readStream: (uri) =>
      call(uri, async (s, { bucket, key }) => {
        const stream = s.bucket(bucket).file(key).createReadStream();
        // A missing object or bucket arrives as a stream error: wait for the first bytes (or
        // the end) so that it rejects here, explained, as `read` does.
        await once(stream, "readable");
        return stream;
      }),
    writeStream: (uri, source) =>
      call(uri, async (s, { bucket, key }) => {
        // Chunks of a known size, each its own request: without `chunkSize` the client streams
        // one open-ended request that it leaves open when the source fails.
        const upload = s.bucket(bucket).file(key).createWriteStream({ resumable: true, chunkSize: CHUNK_SIZE });
        await pipeline(source, upload);
      }),
    exists: (uri) => call(uri, async (s, { bucket, key }) => (await s.bucket(bucket).file(key).exists())[0]),
    list: (prefix) =>
      call(prefix, async (s, { bucket, key }) => {
        const [files] = await s.bucket(bucket).getFiles({ prefix: key });
        return files.map((f) => `gs://${bucket}/${f.name}`).sort();
      }),
    delete: (uri) =>
      call(uri, async (s, { bucket, key }) => {
        await s.bucket(bucket).file(key).delete();
      }),
  };
}
