// @ferry/core/package: turn a project into something a container runs.
export { type Bundle, type BundleOptions, buildBundle } from "./bundle.ts";
export { LINUX_AMD64, type Platform } from "./deps.ts";
export { type TreeDigest, treeDigest } from "./tree.ts";
