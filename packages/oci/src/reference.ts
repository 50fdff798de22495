import { FerryError } from "@ferry/core";

/** A parsed image reference: `registry/repository[:tag][@sha256:…]`. */
export interface ImageReference {
  /** Host and port as written (`127.0.0.1:5000`, `us-docker.pkg.dev`, `docker.io`). */
  readonly registry: string;
  readonly repository: string;
  readonly tag?: string | undefined;
  readonly digest?: string | undefined;
}

// The grammar of github.com/distribution/reference (repository path components, tags, digests).
const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const REPOSITORY = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const HOST = /^(?:localhost|[a-zA-Z0-9.-]+\.[a-zA-Z0-9.-]+|\[[0-9a-fA-F:]+\]|[a-zA-Z0-9.-]+)(?::[0-9]+)?$/;

function invalid(ref: string, why: string, hint: string): FerryError {
  return new FerryError("REGISTRY_NAME_INVALID", { message: `'${ref}' is not a valid image reference: ${why}.`, hint });
}

const EXAMPLE = "Write it as registry/repository, e.g. us-docker.pkg.dev/my-project/my-repo/app or 127.0.0.1:5000/app.";

/**
 * Parse an image reference. A first path component with a dot, a colon or `localhost` is
 * the registry; without one the reference is Docker Hub's (`docker.io`, `library/` added).
 * @throws FerryError REGISTRY_NAME_INVALID naming what is wrong.
 */
export function parseReference(ref: string): ImageReference {
  let rest = ref.trim();
  if (/^[a-z]+:\/\//i.test(rest)) throw invalid(ref, "it starts with a URL scheme", "Drop http:// or https://.");
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid(ref, `'${digest}' is not a sha256 digest`, "Use @sha256:<64 hex digits>.");
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.indexOf(":", lastSlash + 1);
  if (colon !== -1) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag))
      throw invalid(ref, `'${tag}' is not a valid tag`, "Tags are up to 128 letters, digits, '_', '.', '-'.");
  }
  const slash = rest.indexOf("/");
  const first = slash === -1 ? "" : rest.slice(0, slash);
  let registry = "docker.io";
  let repository = rest;
  if (first && (first.includes(".") || first.includes(":") || first === "localhost" || first.startsWith("["))) {
    registry = first;
    repository = rest.slice(slash + 1);
  }
  if (!HOST.test(registry)) throw invalid(ref, `'${registry}' is not a registry host`, EXAMPLE);
  if (registry === "docker.io" && !repository.includes("/")) repository = `library/${repository}`;
  if (!REPOSITORY.test(repository)) {
    throw invalid(
      ref,
      `the repository '${repository}' must be lowercase path components of letters and digits separated by '.', '_', '__' or '-'`,
      EXAMPLE,
    );
  }
  return { registry, repository, tag, digest };
}

/** `registry/repository[:tag][@digest]`. */
export function formatReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}

/** Loopback registries are spoken to over plain HTTP unless told otherwise. */
export function isLoopback(registry: string): boolean {
  const host = registry.replace(/:[0-9]+$/, "");
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The base URL of a registry's API (Docker Hub's lives at registry-1.docker.io). */
export function registryBaseUrl(registry: string, plainHttp = isLoopback(registry)): string {
  const host = registry === "docker.io" || registry === "index.docker.io" ? "registry-1.docker.io" : registry;
  return `${plainHttp ? "http" : "https"}://${host}`;
}
