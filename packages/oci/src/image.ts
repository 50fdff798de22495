import { FerryError } from "@ferry/core";
import { sha256 } from "./digest.ts";
import { type FetchedImage, fetchImage } from "./fetch-image.ts";
import type { Layer } from "./layer.ts";
import { type Descriptor, type ImageConfig, type ImageManifest, MediaType, ociLayerType } from "./media-types.ts";
import { parseReference } from "./reference.ts";
import { RegistryClient, type RegistryOptions } from "./registry-client.ts";

/** What the container runs and with which environment. */
export interface ImageSettings {
  /** The executable and its first arguments (exec form, no shell). */
  readonly entrypoint: readonly string[];
  /** Default arguments after the entrypoint. @default none (the base's Cmd is dropped, as a Dockerfile ENTRYPOINT does) */
  readonly cmd?: readonly string[] | undefined;
  /** Merged into the base image's environment; a key given here replaces the base's value. */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** @default the base's, else "/" */
  readonly workingDir?: string | undefined;
  /** Merged into the base's labels. */
  readonly labels?: Readonly<Record<string, string>> | undefined;
  /** @default the base's (usually root) */
  readonly user?: string | undefined;
}

export interface BuildImageOptions extends RegistryOptions {
  /**
   * The base image pinned by digest (`registry/repository@sha256:…`); an index or manifest
   * list resolves to its linux/amd64 image. Omit to build an image of `layers` alone.
   */
  readonly base?: string | undefined;
  /** Layers added on top of the base, bottom first. */
  readonly layers: readonly Layer[];
  readonly config: ImageSettings;
}

/** A built image: its manifest and config, and where each of its blobs can be read. */
export interface Image {
  readonly manifest: ImageManifest;
  readonly manifestBytes: Uint8Array;
  /** sha256 of `manifestBytes`: the image's identity. */
  readonly digest: string;
  readonly config: ImageConfig;
  readonly configBytes: Uint8Array;
  /** The registry and repository holding the base's layers (to mount or copy them), with the base manifest's digest. */
  readonly base?: { readonly registry: string; readonly repository: string; readonly digest: string } | undefined;
  /** The layers this build added (the base's stay in its registry). */
  readonly layers: readonly Layer[];
}

/** Every build has this creation time, so the same inputs give the same digest. */
export const EPOCH = "1970-01-01T00:00:00Z";

/**
 * Build a linux/amd64 OCI image: the base's layers and config (fetched from its registry,
 * digests verified), then `layers`, with Entrypoint/Cmd/WorkingDir/Env/Labels set. Nothing
 * is uploaded; {@link pushImage} does that. Deterministic: a fixed `created`, no host data.
 * @throws FerryError REGISTRY_NAME_INVALID (base not pinned by digest), IMAGE_NOT_FOUND, REGISTRY_* (registry errors).
 */
export async function buildImage(options: BuildImageOptions): Promise<Image> {
  let base: (FetchedImage & { registry: string; repository: string }) | undefined;
  if (options.base !== undefined) {
    const ref = parseReference(options.base);
    if (!ref.digest) {
      throw new FerryError("REGISTRY_NAME_INVALID", {
        message: `The base image ${options.base} is not pinned by digest, so builds would change when its tag moves.`,
        hint: `Pin it: ${options.base.replace(/:[^/:]+$/, "")}@sha256:<digest> (crane digest ${options.base} prints it).`,
      });
    }
    const fetched = await fetchImage(new RegistryClient(ref.registry, options), ref, "base");
    if (fetched.config.os !== "linux" || fetched.config.architecture !== "amd64") {
      throw new FerryError("IMAGE_NOT_FOUND", {
        message: `The base image ${options.base} is ${fetched.config.os}/${fetched.config.architecture}, not linux/amd64.`,
        hint: "Pin the digest of the image index (all platforms) or of its linux/amd64 manifest.",
      });
    }
    base = { ...fetched, registry: ref.registry, repository: ref.repository };
  } else if (options.layers.length === 0) {
    throw new FerryError("REGISTRY_NAME_INVALID", {
      message: "An image needs a base or at least one layer.",
      hint: "Pass base: '<registry>/<repository>@sha256:…' or some layers.",
    });
  }

  const config = imageConfig(base?.config, options.layers, options.config);
  const configBytes = new TextEncoder().encode(JSON.stringify(config));
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: { mediaType: MediaType.ociConfig, digest: sha256(configBytes), size: configBytes.length },
    layers: [
      ...(base?.manifest.layers ?? []).map(
        (l): Descriptor => ({
          mediaType: ociLayerType(l.mediaType),
          digest: l.digest,
          size: l.size,
          ...(l.urls ? { urls: l.urls } : {}),
        }),
      ),
      ...options.layers.map((l): Descriptor => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
    ],
    ...(base ? { annotations: { "org.opencontainers.image.base.digest": base.digest } } : {}),
  };
  const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest));
  return {
    manifest,
    manifestBytes,
    digest: sha256(manifestBytes),
    config,
    configBytes,
    base: base && { registry: base.registry, repository: base.repository, digest: base.digest },
    layers: options.layers,
  };
}

function imageConfig(base: ImageConfig | undefined, layers: readonly Layer[], settings: ImageSettings): ImageConfig {
  // A new entrypoint drops the base's Cmd, as in a Dockerfile; absent keys are left out, not null.
  const { Cmd: _cmd, Labels: baseLabels, ...run } = base?.config ?? {};
  const labels = { ...baseLabels, ...settings.labels };
  return {
    created: EPOCH,
    architecture: "amd64",
    os: "linux",
    config: {
      ...run,
      ...(settings.user !== undefined ? { User: settings.user } : {}),
      Env: mergeEnv(run.Env ?? [], settings.env ?? {}),
      Entrypoint: [...settings.entrypoint],
      ...(settings.cmd ? { Cmd: [...settings.cmd] } : {}),
      WorkingDir: settings.workingDir ?? run.WorkingDir ?? "/",
      ...(Object.keys(labels).length > 0 ? { Labels: labels } : {}),
    },
    rootfs: { type: "layers", diff_ids: [...(base?.rootfs.diff_ids ?? []), ...layers.map((l) => l.diffId)] },
    history: [...(base?.history ?? []), ...layers.map((l) => ({ created: EPOCH, created_by: l.createdBy }))],
  };
}

/** `KEY=value` lines: the base's in order (values replaced where `env` has the key), then new keys in `env`'s order. */
export function mergeEnv(base: readonly string[], env: Readonly<Record<string, string>>): string[] {
  const seen = new Set<string>();
  const merged = base.map((line) => {
    const key = line.slice(0, line.indexOf("=") === -1 ? line.length : line.indexOf("="));
    seen.add(key);
    return Object.hasOwn(env, key) ? `${key}=${env[key]}` : line;
  });
  for (const [key, value] of Object.entries(env)) if (!seen.has(key)) merged.push(`${key}=${value}`);
  return merged;
}
