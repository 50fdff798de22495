import { authBy, dockerConfigAuth, gcpArtifactRegistryAuth, type RegistryAuth } from "@ferry/oci";

const GOOGLE_REGISTRY = /(^|\.)(pkg\.dev|gcr\.io)$/;

/**
 * Credentials by registry host: Artifact Registry and Container Registry with Google's
 * Application Default Credentials, any other registry with `docker login`'s (a local
 * registry for the emulator, a mirror of the base image).
 */
export function registryAuth(): RegistryAuth {
  const google = gcpArtifactRegistryAuth();
  const docker = dockerConfigAuth();
  return authBy((registry) => (GOOGLE_REGISTRY.test(registry.replace(/:\d+$/, "")) ? google : docker));
}
