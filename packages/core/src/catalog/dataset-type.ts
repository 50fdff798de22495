import type { StorageRegistry } from "../storage/registry.ts";

/** One dataset of a catalog: the small interface every dataset type implements. */
export interface Dataset<T> {
  load(): Promise<T>;
  save(value: T): Promise<void>;
  exists(): Promise<boolean>;
  /** Plain JSON describing where and how the data is kept (shown by `ferry list datasets`). */
  describe(): Record<string, unknown>;
}

/** A catalog entry after config layering, with its path resolved to a URI. */
export interface DatasetEntry {
  readonly name: string;
  readonly type: string;
  readonly uri: string | undefined;
  readonly versioned: boolean;
  readonly loadArgs: Readonly<Record<string, unknown>>;
  readonly saveArgs: Readonly<Record<string, unknown>>;
}

export interface DatasetServices {
  readonly storage: StorageRegistry;
  /** Version for saves of this run, and pinned load versions by dataset name. */
  readonly versions: { readonly save: string; readonly load: Readonly<Record<string, string>> };
}

/**
 * A kind of dataset (`csv`, `json`, a user's own). Register extra types in ferry.config.ts
 * (`datasetTypes`); reference them from catalog.ts and by `type:` in catalog.yml.
 */
export interface DatasetType<T> {
  /** The `type:` value in catalog.yml. */
  readonly type: string;
  /**
   * The in-memory kind (`dataframe`, `json`, `text`, `bytes`, or `any`). catalog.yml may switch
   * a dataset to another type of the same kind (csv ↔ parquet); `any` matches every kind.
   */
  readonly kind: string;
  /** False for types that keep values in the running process only. @default true */
  readonly persistent?: boolean;
  create(entry: DatasetEntry, services: DatasetServices): Dataset<T>;
  readonly __type?: (t: T) => T;
}
