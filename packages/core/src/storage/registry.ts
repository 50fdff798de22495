import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { FerryError } from "../errors/ferry-error.ts";
import type { StorageDriver } from "./driver.ts";
import { createFileDriver } from "./file-driver.ts";
import { createMemoryDriver } from "./memory-driver.ts";

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const KNOWN_PACKAGES: Record<string, string> = {
  s3: "@ferry/storage-s3",
  gs: "@ferry/storage-gcs",
  az: "@ferry/storage-azure",
  abfs: "@ferry/storage-azure",
};

/** Storage drivers keyed by URI scheme. */
export interface StorageRegistry {
  driverFor(uri: string): StorageDriver;
  /** A catalog path as a URI: relative and absolute paths become `file://` URIs under `root`. */
  resolve(path: string): string;
  schemes(): string[];
}

export function createStorageRegistry(root: string, extra: readonly StorageDriver[] = []): StorageRegistry {
  const drivers = new Map<string, StorageDriver>();
  for (const d of [createFileDriver(), createMemoryDriver(), ...extra]) drivers.set(d.scheme, d);
  return {
    driverFor(uri) {
      const scheme = SCHEME.exec(uri)?.[1]?.toLowerCase() ?? "file";
      const driver = drivers.get(scheme);
      if (driver) return driver;
      const pkg = KNOWN_PACKAGES[scheme];
      throw new FerryError("STORAGE_SCHEME_UNKNOWN", {
        message: `No storage driver is registered for '${scheme}://' (in ${uri}).`,
        hint: pkg
          ? `Install ${pkg} and add its driver to \`storage\` in ferry.config.ts.`
          : `Registered schemes: ${[...drivers.keys()].join(", ")}. Add a driver for '${scheme}' to \`storage\` in ferry.config.ts.`,
      });
    },
    resolve(path) {
      if (SCHEME.test(path)) return path;
      return pathToFileURL(isAbsolute(path) ? path : resolve(root, path)).href;
    },
    schemes: () => [...drivers.keys()],
  };
}
