export { type AzureTokenCredential, acrAuth } from "./auth/acr.ts";
export { basicAuth } from "./auth/basic.ts";
export { registryAuthByHost } from "./auth/by-host.ts";
export type { Challenge } from "./auth/challenge.ts";
export { dockerConfigAuth } from "./auth/docker-config.ts";
export { ecrAuth } from "./auth/ecr.ts";
export { gcpArtifactRegistryAuth } from "./auth/gcp.ts";
export {
  type AuthRequest,
  anonymousAuth,
  authBy,
  authByRegistry,
  type Credentials,
  type CredentialsAuth,
  credentialsAuth,
  type RegistryAuth,
} from "./auth/registry-auth.ts";
export { snowflakeRegistryAuth, snowflakeRegistryHost } from "./auth/snowflake.ts";
export { type BuildImageOptions, buildImage, type Image, type ImageSettings } from "./image.ts";
export {
  type Layer,
  type LayerFile,
  type LayerOptions,
  type LayerSource,
  layerFromDir,
  layerFromDirs,
  openLayer,
} from "./layer.ts";
export type { Descriptor, ImageConfig, ImageIndex, ImageManifest } from "./media-types.ts";
export { MediaType } from "./media-types.ts";
export { DEFAULT_BASE, type ImagePackage, type PackageImageOptions, packageImage } from "./package-image.ts";
export { extractImage, type PulledImage, pullImage } from "./pull.ts";
export { type PushedBlob, type PushOptions, type PushResult, pushImage } from "./push.ts";
export { type ImageReference, parseReference } from "./reference.ts";
export type { RegistryOptions } from "./registry-client.ts";
export { type RunImageOptions, runImageCommand } from "./run-image.ts";
