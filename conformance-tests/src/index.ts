export { runBundleArtifact } from "./bundle-harness.ts";
export type { Harness } from "./harness.ts";
export { REFERENCE_OUTPUTS, writeReferenceProject } from "./reference.ts";
export { type ConformanceOptions, runConformance, SUITES, type SuiteName } from "./run-conformance.ts";
export { runStorageConformance, type StorageConformanceOptions } from "./storage.ts";
