import { randomUUID } from "node:crypto";
import { createWriteStream, openAsBlob } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DigestStream } from "./digest.ts";
import { digestMismatch, imageNotFound, repositoryNotFound } from "./errors.ts";
import type { Image } from "./image.ts";
import { formatReference, parseReference } from "./reference.ts";
import { RegistryClient, type RegistryOptions } from "./registry-client.ts";
import { mountBlob, uploadBlob } from "./upload.ts";

export interface PushOptions extends RegistryOptions {
  /** The tag to push. @default a tag given in the repository reference, else the first 16 hex digits of the manifest digest */
  readonly tag?: string | undefined;
  /** Blobs up to this size are uploaded in one PUT, bigger ones in chunks. @default 32 MiB */
  readonly monolithicMaxBytes?: number | undefined;
  /** Size of each PATCH of a chunked upload (ECR wants at least 5 MiB but for the last). @default 16 MiB */
  readonly chunkSize?: number | undefined;
  /** Blobs pushed at once. @default 3 */
  readonly concurrency?: number | undefined;
}

/** What happened to one blob: already there, linked from another repository, or sent. */
export interface PushedBlob {
  readonly digest: string;
  readonly size: number;
  readonly action: "skipped" | "mounted" | "uploaded";
}

export interface PushResult {
  /** `registry/repository@sha256:…`: what compiled specs reference. */
  readonly ref: string;
  readonly digest: string;
  readonly tag: string;
  /** Blob bytes sent (the manifest, a few KB, is not counted). */
  readonly uploadedBytes: number;
  /** The image's layers in manifest order, then its config. */
  readonly blobs: readonly PushedBlob[];
}

const MiB = 1024 * 1024;

/**
 * Push an image over the OCI distribution API: for each blob, skip it when the repository
 * has it (HEAD), mount it when the base's repository in the same registry has it, copy it
 * from the base's registry otherwise, or upload it (one PUT or PATCH chunks); then PUT the
 * manifest under the tag and check the digest the registry computed.
 * @param repository `registry/repository` (a `:tag` there sets the tag)
 * @throws FerryError REGISTRY_* and IMAGE_DIGEST_MISMATCH; see the package README.
 */
export async function pushImage(image: Image, repository: string, options: PushOptions = {}): Promise<PushResult> {
  const target = parseReference(repository);
  const tag = options.tag ?? target.tag ?? image.digest.slice("sha256:".length, "sha256:".length + 16);
  const client = new RegistryClient(target.registry, options);
  const base = image.base;
  const mountFrom =
    base && base.registry === target.registry && base.repository !== target.repository ? base.repository : undefined;
  const scopes = [`repository:${target.repository}:pull,push`, ...(mountFrom ? [`repository:${mountFrom}:pull`] : [])];
  const notFound = () => repositoryNotFound(target.registry, target.repository);
  const upload = {
    monolithicMaxBytes: options.monolithicMaxBytes ?? 32 * MiB,
    chunkSize: options.chunkSize ?? 16 * MiB,
    notFound,
  };
  const local = new Map(image.layers.map((l) => [l.digest, () => l.blob()]));
  local.set(image.manifest.config.digest, async () => new Blob([image.configBytes]));
  const baseClient = base && base.registry !== target.registry ? new RegistryClient(base.registry, options) : client;

  const pushBlob = async (digest: string, size: number): Promise<PushedBlob> => {
    if (await client.hasBlob(target.repository, digest, scopes)) return { digest, size, action: "skipped" };
    let session: URL | undefined;
    const fromLocal = local.get(digest);
    if (!fromLocal && mountFrom) {
      const mounted = await mountBlob(client, target.repository, scopes, digest, mountFrom, notFound);
      if (mounted.mounted) return { digest, size, action: "mounted" };
      session = mounted.session;
    }
    if (fromLocal) {
      await uploadBlob(client, target.repository, scopes, digest, await fromLocal(), upload, session);
    } else if (base) {
      const spooled = await spool(
        baseClient,
        base.repository,
        digest,
        formatReference({ ...base, digest: base.digest }),
      );
      try {
        await uploadBlob(client, target.repository, scopes, digest, await openAsBlob(spooled), upload, session);
      } finally {
        await rm(spooled, { force: true });
      }
    } else {
      throw new Error(`No source for blob ${digest}`);
    }
    return { digest, size, action: "uploaded" };
  };

  const descriptors = [...image.manifest.layers, image.manifest.config];
  const first = new Map<string, number>();
  descriptors.forEach((d, i) => {
    if (!first.has(d.digest)) first.set(d.digest, i);
  });
  const blobs = await mapConcurrent(descriptors, options.concurrency ?? 3, (d, i) =>
    first.get(d.digest) === i
      ? pushBlob(d.digest, d.size)
      : Promise.resolve<PushedBlob>({ digest: d.digest, size: d.size, action: "skipped" }),
  );

  const put = await client.send({
    method: "PUT",
    url: `/v2/${target.repository}/manifests/${tag}`,
    scopes,
    headers: { "content-type": image.manifest.mediaType ?? "application/vnd.oci.image.manifest.v1+json" },
    body: () => image.manifestBytes,
    ok: [201],
    notFound,
  });
  await put.body?.cancel();
  const stored = put.headers.get("docker-content-digest");
  if (stored && stored !== image.digest) {
    throw digestMismatch(`The manifest stored by ${target.registry}`, image.digest, stored);
  }
  return {
    ref: `${target.registry}/${target.repository}@${image.digest}`,
    digest: image.digest,
    tag,
    uploadedBytes: blobs.filter((b) => b.action === "uploaded").reduce((sum, b) => sum + b.size, 0),
    blobs,
  };
}

/** Copy a blob of another registry to a temp file, verifying its digest on the way. */
async function spool(client: RegistryClient, repository: string, digest: string, image: string): Promise<string> {
  const dir = join(tmpdir(), "ferry-oci-layers");
  await mkdir(dir, { recursive: true });
  const path = join(dir, `.copy-${randomUUID()}`);
  const hash = new DigestStream();
  try {
    const body = await client.getBlob(repository, digest, () => imageNotFound(image, "base"));
    await pipeline(Readable.fromWeb(body as import("node:stream/web").ReadableStream), hash, createWriteStream(path));
    if (hash.digest !== digest) throw digestMismatch(`A layer of ${image}`, digest, hash.digest);
    return path;
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
}

async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
