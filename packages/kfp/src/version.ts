/** This package's version (a test keeps it equal to package.json's). */
export const VERSION = "0.1.0";

/** `sdkVersion` of the specs it compiles: which compiler wrote them, as `kfp-<version>` does for the kfp SDK. */
export const SDK_VERSION = `ferry-kfp-${VERSION}`;
