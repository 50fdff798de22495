import type { DatasetType } from "../catalog/dataset-type.ts";
import type { Pipeline } from "../pipeline/pipeline.ts";
import type { RunnerPlugin } from "../plugin/contract.ts";
import type { DatasetRef, Params } from "../refs.ts";
import type { StorageDriver } from "../storage/driver.ts";

/** What `ferry.config.ts` exports as `config`. */
export interface FerryConfig {
  /** Project name, used in run records and image names. */
  readonly name: string;
  /** The datasets declared with `defineCatalog`. */
  readonly catalog?: Readonly<Record<string, DatasetRef<any>>>;
  /** The parameters declared with `defineParams`. */
  readonly params?: Params<any>;
  /**
   * Named pipelines. `__default__`, when not given, is the union of all of them and is
   * what `ferry run` runs without `--pipeline`.
   */
  readonly pipelines: Readonly<Record<string, Pipeline>>;
  /** Extra dataset types, usable by `type:` in catalog.yml. */
  readonly datasetTypes?: readonly DatasetType<any>[];
  /** Extra storage drivers, chosen by URI scheme. */
  readonly storage?: readonly StorageDriver[];
  /** Runner plugins registered explicitly (besides those discovered by name). */
  readonly plugins?: readonly RunnerPlugin<any>[];
  /** How `ferry package` bundles the project. */
  readonly package?: {
    /**
     * Packages installed beside the bundle instead of inlined (native packages are found
     * automatically); for those that read their own files at run time.
     */
    readonly external?: readonly string[];
  };
  /** Config environment used when `--env` is not given. @default "local" when conf/local exists */
  readonly defaultEnv?: string;
}

/** Declare a project's configuration (identity function that keeps the types). */
export function defineConfig(config: FerryConfig): FerryConfig {
  return config;
}
