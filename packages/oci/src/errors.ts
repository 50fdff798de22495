import { FerryError } from "@ferry/core";

/** How a registry failed, for the errors users can fix. Credentials never reach these texts. */

/** The registry (or its token server) cannot be reached at all. */
export function unreachable(url: string, cause: unknown): FerryError {
  const code = networkCode(cause);
  return new FerryError("REGISTRY_UNREACHABLE", {
    message: `Cannot reach the image registry at ${url}${code ? ` (${code})` : ""}.`,
    hint: "Check the registry host in the image reference (the image registry option of the target) and that the registry is running and reachable from here (proxy, VPN, firewall).",
    cause,
    details: { url },
  });
}

/** The registry refused credentials it was given (or needs some and got none). */
export function authFailed(registry: string, source: string, hint: string, why?: string): FerryError {
  return new FerryError("REGISTRY_AUTH_FAILED", {
    message: `The image registry ${registry} refused the credentials from ${source}${why ? ` (${why})` : ""}.`,
    hint,
    details: { registry, source },
  });
}

/** Anonymous access was refused. */
export function credentialsNeeded(registry: string, hint: string, what = "credentials"): FerryError {
  return new FerryError("REGISTRY_AUTH_FAILED", {
    message: `The image registry ${registry} needs ${what}, and none were given.`,
    hint,
    details: { registry },
  });
}

/** Authenticated, but not allowed to do this. */
export function denied(registry: string, scopes: readonly string[], source: string): FerryError {
  const wanted = scopes.map((s) => s.replace(/^repository:/, "")).join(", ");
  return new FerryError("REGISTRY_DENIED", {
    message: `The image registry ${registry} denied access${wanted ? ` to ${wanted}` : ""} for the credentials from ${source}.`,
    hint: "Grant the identity push and pull on the repository (ECR: ecr:*Layer*/PutImage; Artifact Registry: roles/artifactregistry.writer; ACR: AcrPush; Snowflake: READ, WRITE ON IMAGE REPOSITORY), or use an identity that has them.",
    details: { registry, scopes },
  });
}

/** Pushing into a repository that does not exist (ECR, Artifact Registry and Snowflake do not create them). */
export function repositoryNotFound(registry: string, repository: string): FerryError {
  const repo = repository.split("/");
  let hint = `Create the repository ${repository} in the registry, or fix the image repository option.`;
  if (/\.dkr\.ecr\./.test(registry)) hint = `Create it: aws ecr create-repository --repository-name ${repository}`;
  else if (/-docker\.pkg\.dev$/.test(registry)) {
    hint = `Create it: gcloud artifacts repositories create ${repo[1] ?? repository} --repository-format=docker --location=${registry.replace(/-docker\.pkg\.dev$/, "")} --project=${repo[0]}`;
  } else if (/\.registry\.snowflakecomputing\.com$/.test(registry)) {
    hint = `Create it: CREATE IMAGE REPOSITORY ${repo.slice(0, 3).join(".")};`;
  }
  return new FerryError("REGISTRY_REPOSITORY_NOT_FOUND", {
    message: `The repository ${repository} does not exist in the image registry ${registry}.`,
    hint,
    details: { registry, repository },
  });
}

/** A manifest (the base image, or an image being pulled) is not in the registry. */
export function imageNotFound(ref: string, role: "base" | "image"): FerryError {
  return new FerryError("IMAGE_NOT_FOUND", {
    message: `The ${role === "base" ? "base image" : "image"} ${ref} is not in the registry.`,
    hint:
      role === "base"
        ? "Push the base image to that registry first (e.g. crane copy <source> <ref>), or choose a base image that exists, pinned by digest."
        : "Check the reference (registry, repository, tag or digest), or push the image first.",
    details: { ref },
  });
}

/** What the registry returned does not hash to the digest that named it. */
export function digestMismatch(what: string, expected: string, actual: string): FerryError {
  return new FerryError("IMAGE_DIGEST_MISMATCH", {
    message: `${what} should have digest ${expected} but has ${actual}.`,
    hint: "Something between here and the registry changed the bytes (a proxy, a broken mirror, a file changed while it was read); retry, and if it persists push the image again.",
    details: { expected, actual },
  });
}

/** Any other failure of a registry request (exit 1: the run failed, not the input). */
export function registryError(method: string, url: string, status: number, detail: string): FerryError {
  return new FerryError("REGISTRY_ERROR", {
    message: `${method} ${redactUrl(url)} answered ${status}${detail ? `: ${detail}` : ""}.`,
    hint: status >= 500 || status === 429 ? "The registry is failing or throttling; retry later." : undefined,
    details: { status },
  });
}

/** A URL without query (upload URLs carry opaque state) and without user info. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "<invalid url>";
  }
}

/** The errno-like code of a failed fetch (ECONNREFUSED, ENOTFOUND, …). */
export function networkCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 5 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
