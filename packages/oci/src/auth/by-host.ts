import { FerryError } from "@ferry/core";
import { dockerConfigAuth } from "./docker-config.ts";
import { ecrAuth } from "./ecr.ts";
import { gcpArtifactRegistryAuth } from "./gcp.ts";
import { authBy, type RegistryAuth } from "./registry-auth.ts";

const GOOGLE = /(^|\.)(pkg\.dev|gcr\.io)$/;
const ECR = /^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/**
 * A vendor's credentials come from its SDK, an optional peer loaded on first use: when it is
 * not installed, say which package to add rather than blame the credentials.
 */
function needing(pkg: string, auth: RegistryAuth): RegistryAuth {
  return {
    source: (registry) => auth.source(registry),
    hint: (registry) => auth.hint(registry),
    async authorize(request) {
      try {
        return await auth.authorize(request);
      } catch (error) {
        const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
        if (cause?.code === "ERR_MODULE_NOT_FOUND" && String(cause.message).includes(pkg)) {
          throw new FerryError("REGISTRY_AUTH_FAILED", {
            message: `Pushing to ${request.registry} needs credentials from ${pkg}, which is not installed.`,
            hint: `Install it in the project: pnpm add -D ${pkg} (or npm install -D ${pkg}).`,
            cause: error,
          });
        }
        throw error;
      }
    },
  };
}

/**
 * Registry credentials chosen by host, as a runner plugin needs them: Artifact Registry and
 * Container Registry (`*.pkg.dev`, `gcr.io`) with Google's Application Default Credentials,
 * ECR with the AWS SDK's chain, any other registry (Docker Hub, GHCR, Harbor, a local one)
 * with `docker login`'s.
 */
export function registryAuthByHost(): RegistryAuth {
  const google = needing("google-auth-library", gcpArtifactRegistryAuth());
  const ecr = needing("@aws-sdk/client-ecr", ecrAuth());
  const docker = dockerConfigAuth();
  return authBy((registry) => {
    const host = registry.replace(/:\d+$/, "");
    return GOOGLE.test(host) ? google : ECR.test(host) ? ecr : docker;
  });
}
