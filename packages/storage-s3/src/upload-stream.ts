import type { CompletedPart, S3Client } from "@aws-sdk/client-s3";
import { FerryError } from "@ferry/core";

/** Where a stream goes, and through which client. */
export interface UploadTarget {
  readonly s3: S3Client;
  readonly sdk: typeof import("@aws-sdk/client-s3");
  readonly uri: string;
  readonly bucket: string;
  readonly key: string;
  /** Bytes per part: S3 needs at least 5 MiB for every part but the last. */
  readonly partSize: number;
}

/** Parts uploaded at once. Memory holds these plus the one being filled. */
const IN_FLIGHT = 4;
/** S3's limit on the parts of one multipart upload. */
const MAX_PARTS = 10_000;

/**
 * The bytes of `source` in buffers of exactly `size` bytes, the last one shorter. Buffers
 * come from `pool` when it has one, so that uploaded parts' buffers are filled again.
 */
async function* cut(source: AsyncIterable<Uint8Array>, size: number, pool: Buffer[]): AsyncGenerator<Buffer, void> {
  let part: Buffer | undefined;
  let filled = 0;
  for await (const chunk of source) {
    for (let at = 0; at < chunk.byteLength; ) {
      part ??= pool.pop() ?? Buffer.allocUnsafe(size);
      const n = Math.min(size - filled, chunk.byteLength - at);
      part.set(chunk.subarray(at, at + n), filled);
      filled += n;
      at += n;
      if (filled === size) {
        yield part;
        part = undefined;
        filled = 0;
      }
    }
  }
  if (part) yield part.subarray(0, filled);
}

/**
 * Uploads `source` with bounded memory: one PutObject when it fits in a part, else a
 * multipart upload. S3 shows a multipart object only once it is completed, and any failure
 * (of the source or of S3) aborts the upload, so readers never see part of the stream.
 */
export async function uploadStream(target: UploadTarget, source: AsyncIterable<Uint8Array>): Promise<void> {
  const pool: Buffer[] = [];
  const parts = cut(source, target.partSize, pool);
  const put = (body: Uint8Array) =>
    target.s3.send(new target.sdk.PutObjectCommand({ Bucket: target.bucket, Key: target.key, Body: body }));
  try {
    const first = await parts.next();
    const second = first.done ? first : await parts.next();
    if (first.done) await put(new Uint8Array());
    else if (second.done) await put(first.value);
    else await multipart(target, concat([first.value, second.value], parts), pool);
  } finally {
    await parts.return();
  }
}

async function* concat<T>(head: T[], rest: AsyncIterable<T>): AsyncGenerator<T> {
  yield* head;
  yield* rest;
}

async function multipart(target: UploadTarget, parts: AsyncIterable<Buffer>, pool: Buffer[]): Promise<void> {
  const { s3, sdk, bucket: Bucket, key: Key } = target;
  // CRC32 named up front, since S3 refuses parts whose checksum the upload did not announce.
  const { UploadId } = await s3.send(new sdk.CreateMultipartUploadCommand({ Bucket, Key, ChecksumAlgorithm: "CRC32" }));
  const completed: CompletedPart[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  try {
    let count = 0;
    for await (const Body of parts) {
      const PartNumber = ++count;
      if (PartNumber > MAX_PARTS) throw tooLarge(target);
      const sent: Promise<void> = s3
        .send(new sdk.UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body, ChecksumAlgorithm: "CRC32" }))
        .then(
          ({ ETag, ChecksumCRC32 }) => {
            completed.push({ PartNumber, ETag, ChecksumCRC32 });
            pool.push(Body);
          },
          (error: unknown) => {
            failure ??= { error };
          },
        )
        .finally(() => inFlight.delete(sent));
      inFlight.add(sent);
      while (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
      if (failure) throw failure.error;
    }
    await Promise.all(inFlight);
    if (failure) throw failure.error;
    completed.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    await s3.send(
      new sdk.CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: completed } }),
    );
  } catch (error) {
    // Parts still in flight could land after an abort and keep storage billed: wait first.
    await Promise.allSettled(inFlight);
    await s3.send(new sdk.AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => {});
    throw error;
  }
}

function tooLarge(target: UploadTarget): FerryError {
  const mib = target.partSize / 2 ** 20;
  return new FerryError("STORAGE_ERROR", {
    message: `${target.uri} is larger than ${MAX_PARTS} parts of ${mib} MiB, S3's limit for one multipart upload.`,
    hint: "Raise `partSize` in createS3Driver (memory use is about five parts).",
  });
}
