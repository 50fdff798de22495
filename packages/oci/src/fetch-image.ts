import { FerryError } from "@ferry/core";
import { sha256 } from "./digest.ts";
import { digestMismatch, imageNotFound } from "./errors.ts";
import { type ImageConfig, type ImageIndex, type ImageManifest, isIndex } from "./media-types.ts";
import { formatReference, type ImageReference } from "./reference.ts";
import type { RegistryClient } from "./registry-client.ts";

/** An image manifest and its config as a registry holds them, for linux/amd64. */
export interface FetchedImage {
  readonly manifest: ImageManifest;
  readonly manifestBytes: Uint8Array;
  /** Digest of the platform manifest (not of the index it may have been picked from). */
  readonly digest: string;
  readonly mediaType: string;
  readonly config: ImageConfig;
}

/** Fetch an image's manifest (an index or manifest list resolved to linux/amd64) and config, verifying digests. */
export async function fetchImage(
  client: RegistryClient,
  ref: ImageReference,
  role: "base" | "image",
): Promise<FetchedImage> {
  const name = formatReference(ref);
  const notFound = () => imageNotFound(name, role);
  let got = await client.getManifest(ref.repository, ref.digest ?? ref.tag ?? "latest", notFound);
  let parsed = JSON.parse(new TextDecoder().decode(got.bytes)) as ImageManifest | ImageIndex;
  if (isIndex(parsed.mediaType ?? got.mediaType) || "manifests" in parsed) {
    const pick = (parsed as ImageIndex).manifests.find(
      (m) => m.platform?.os === "linux" && m.platform.architecture === "amd64",
    );
    if (!pick) {
      throw new FerryError("IMAGE_NOT_FOUND", {
        message: `The ${role === "base" ? "base image" : "image"} ${name} has no linux/amd64 variant.`,
        hint: "Ferry's targets run linux/amd64: choose an image published for it (docker buildx imagetools inspect <ref> lists the platforms).",
        details: { ref: name },
      });
    }
    got = await client.getManifest(ref.repository, pick.digest, notFound);
    parsed = JSON.parse(new TextDecoder().decode(got.bytes)) as ImageManifest;
  }
  const manifest = parsed as ImageManifest;
  const stream = await client.getBlob(ref.repository, manifest.config.digest, notFound);
  const configBytes = new Uint8Array(await new Response(stream).arrayBuffer());
  const configDigest = sha256(configBytes);
  if (configDigest !== manifest.config.digest) {
    throw digestMismatch(`The config of ${name}`, manifest.config.digest, configDigest);
  }
  return {
    manifest,
    manifestBytes: got.bytes,
    digest: got.digest,
    mediaType: manifest.mediaType ?? got.mediaType,
    config: JSON.parse(new TextDecoder().decode(configBytes)) as ImageConfig,
  };
}
