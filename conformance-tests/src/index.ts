export { runBundleArtifact } from "./bundle-harness.ts";
export type { Harness } from "./harness.ts";
export { type DataStore, REFERENCE_OUTPUTS, relocateReferenceData, writeReferenceProject } from "./reference.ts";
export { type ConformanceOptions, runConformance, SUITES, type SuiteName } from "./run-conformance.ts";
export { runStorageConformance, type StorageConformanceOptions } from "./storage.ts";
