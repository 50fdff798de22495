import { FerryError } from "../errors/ferry-error.ts";
import type { Dataset, DatasetEntry, DatasetServices, DatasetType } from "./dataset-type.ts";
import { latestVersion, listVersions, versionedUri } from "./versioning.ts";

/** A file-backed format: how a value becomes bytes and back. */
export interface FileFormat<T> {
  readonly type: string;
  readonly kind: string;
  decode(bytes: Uint8Array, args: Readonly<Record<string, unknown>>): T | Promise<T>;
  encode(value: T, args: Readonly<Record<string, unknown>>): Uint8Array | Promise<Uint8Array>;
}

/**
 * Turn a byte format into a dataset type stored through the storage drivers, with atomic
 * saves and Kedro-style versioning (`<path>/<version>/<file name>`).
 */
export function defineFileType<T>(format: FileFormat<T>): DatasetType<T> {
  return {
    type: format.type,
    kind: format.kind,
    create: (entry, services) => createFileDataset(format, entry, services),
  };
}

function createFileDataset<T>(format: FileFormat<T>, entry: DatasetEntry, services: DatasetServices): Dataset<T> {
  const { uri } = entry;
  if (uri === undefined) {
    throw new FerryError("CATALOG_INVALID", {
      message: `Dataset '${entry.name}' of type '${entry.type}' has no path.`,
      hint: `Add \`path:\` under '${entry.name}' in conf/base/catalog.yml.`,
    });
  }
  const driver = services.storage.driverFor(uri);
  const loadUri = async () => {
    if (!entry.versioned) return uri;
    const pinned = services.versions.load[entry.name];
    if (pinned !== undefined) {
      const target = versionedUri(uri, pinned);
      if (await driver.exists(target)) return target;
      const saved = await listVersions(driver, uri);
      throw new FerryError("VERSION_NOT_FOUND", {
        message: `Version ${pinned} of dataset '${entry.name}' does not exist. Saved versions: ${saved.length ? saved.join(", ") : "none"}.`,
        hint: "Pass one of the saved versions to --load-version, or omit it to load the latest.",
      });
    }
    const latest = await latestVersion(driver, uri);
    if (latest === undefined) {
      throw new FerryError("VERSION_NOT_FOUND", {
        message: `Versioned dataset '${entry.name}' has no saved version under ${uri}.`,
        hint: "Run the node that produces it first.",
      });
    }
    return versionedUri(uri, latest);
  };
  return {
    async load() {
      return format.decode(await driver.read(await loadUri()), entry.loadArgs);
    },
    async save(value) {
      const target = entry.versioned ? versionedUri(uri, services.versions.save) : uri;
      await driver.write(target, await format.encode(value, entry.saveArgs));
    },
    async exists() {
      if (!entry.versioned) return driver.exists(uri);
      return (await latestVersion(driver, uri)) !== undefined;
    },
    describe: () => ({ type: entry.type, uri, versioned: entry.versioned }),
  };
}
