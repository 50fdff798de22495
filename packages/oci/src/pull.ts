import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream } from "node:stream/web";
import { createGunzip } from "node:zlib";
import { FerryError } from "@ferry/core";
import { extract as tarExtract } from "tar-stream";
import { DigestStream } from "./digest.ts";
import { digestMismatch, imageNotFound } from "./errors.ts";
import { fetchImage } from "./fetch-image.ts";
import { type ImageConfig, type ImageManifest, MediaType } from "./media-types.ts";
import { formatReference, type ImageReference, parseReference } from "./reference.ts";
import { RegistryClient, type RegistryOptions } from "./registry-client.ts";
import { createTreeWriter } from "./tree-writer.ts";

/** An image as its registry holds it (for linux/amd64). */
export interface PulledImage {
  /** `registry/repository@sha256:…` of the platform manifest. */
  readonly ref: string;
  readonly digest: string;
  readonly manifest: ImageManifest;
  readonly config: ImageConfig;
}

/**
 * Fetch an image's manifest and config (an index resolves to linux/amd64), verifying digests.
 * @param ref `registry/repository:tag` or `…@sha256:…`
 * @throws FerryError IMAGE_NOT_FOUND, IMAGE_DIGEST_MISMATCH, REGISTRY_*.
 */
export function pullImage(ref: string, options: RegistryOptions = {}): Promise<PulledImage> {
  const parsed = parseReference(ref);
  return pull(new RegistryClient(parsed.registry, options), parsed);
}

async function pull(client: RegistryClient, parsed: ImageReference): Promise<PulledImage> {
  const image = await fetchImage(client, parsed, "image");
  return {
    ref: formatReference({ registry: parsed.registry, repository: parsed.repository, digest: image.digest }),
    digest: image.digest,
    manifest: image.manifest,
    config: image.config,
  };
}

/**
 * Unpack an image's layers in order into `dir` (a root filesystem), streaming each blob and
 * checking its digest and diff id. Whiteouts apply: `.wh.<name>` deletes `<name>` from lower
 * layers, `.wh..wh..opq` empties its folder. Owners are not applied (files belong to the
 * current user), device nodes and FIFOs are skipped, and the owner-write bit is kept so later
 * layers can replace files. Paths and symlinks cannot escape `dir`.
 * @throws FerryError IMAGE_DIGEST_MISMATCH when a layer does not hash to its digest (files already written stay).
 */
export async function extractImage(ref: string, dir: string, options: RegistryOptions = {}): Promise<PulledImage> {
  const parsed = parseReference(ref);
  const client = new RegistryClient(parsed.registry, options);
  const image = await pull(client, parsed);
  const writer = await createTreeWriter(dir);
  for (const [index, layer] of image.manifest.layers.entries()) {
    const gzip = layer.mediaType === MediaType.ociLayerGzip || layer.mediaType === MediaType.dockerLayerGzip;
    if (!gzip && layer.mediaType !== MediaType.ociLayer) {
      throw new FerryError("REGISTRY_ERROR", {
        message: `Layer ${layer.digest} of ${image.ref} is ${layer.mediaType}, which Ferry cannot unpack.`,
        hint: "Ferry unpacks tar and tar+gzip layers; rebuild the image with gzip compression.",
      });
    }
    const body = await client.getBlob(parsed.repository, layer.digest, () => imageNotFound(image.ref, "image"));
    const blob = new DigestStream();
    const diff = new DigestStream();
    const extract = tarExtract();
    const layerWriter = writer.layer();
    extract.on("entry", (header, stream, next) => {
      layerWriter.write(header, stream).then(() => next(), next);
    });
    try {
      await pipeline([
        Readable.fromWeb(body as ReadableStream),
        blob,
        ...(gzip ? [createGunzip()] : []),
        diff,
        extract,
      ]);
    } catch (error) {
      if (FerryError.is(error)) throw error;
      throw new FerryError("REGISTRY_ERROR", {
        message: `Layer ${index + 1} of ${image.ref} (${layer.digest}) could not be unpacked: ${(error as Error).message}.`,
        hint: "The layer is corrupt or truncated; retry, and if it persists push the image again.",
        cause: error,
      });
    }
    if (blob.digest !== layer.digest)
      throw digestMismatch(`Layer ${index + 1} of ${image.ref}`, layer.digest, blob.digest);
    const diffId = image.config.rootfs.diff_ids[index];
    if (diffId && diff.digest !== diffId) {
      throw digestMismatch(`The uncompressed layer ${index + 1} of ${image.ref}`, diffId, diff.digest);
    }
  }
  return image;
}
