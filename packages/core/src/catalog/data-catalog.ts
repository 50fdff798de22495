import { FerryError } from "../errors/ferry-error.ts";
import type { Dataset, DatasetServices, DatasetType } from "./dataset-type.ts";
import { memory } from "./types/memory.ts";

/** A resolved dataset: its type and its live instance. */
export interface CatalogItem {
  readonly name: string;
  readonly type: DatasetType<unknown>;
  readonly dataset: Dataset<unknown>;
}

/**
 * The datasets of one run. Every operation wraps failures exactly once as
 * `DATASET_ERROR { dataset, operation }`. Names not in the catalog are memory datasets.
 */
export class DataCatalog {
  readonly #items = new Map<string, CatalogItem>();
  readonly #services: DatasetServices;

  constructor(items: Iterable<CatalogItem>, services: DatasetServices) {
    for (const item of items) this.#items.set(item.name, item);
    this.#services = services;
  }

  get services(): DatasetServices {
    return this.#services;
  }

  names(): string[] {
    return [...this.#items.keys()];
  }

  item(name: string): CatalogItem {
    let item = this.#items.get(name);
    if (item === undefined) {
      const type = memory<unknown>();
      const dataset = type.create(
        { name, type: "memory", uri: undefined, versioned: false, loadArgs: {}, saveArgs: {} },
        this.#services,
      );
      item = { name, type, dataset };
      this.#items.set(name, item);
    }
    return item;
  }

  isPersistent(name: string): boolean {
    return this.item(name).type.persistent !== false;
  }

  load(name: string): Promise<unknown> {
    return this.#wrap(name, "load", (d) => d.load());
  }

  save(name: string, value: unknown): Promise<void> {
    return this.#wrap(name, "save", (d) => d.save(value));
  }

  exists(name: string): Promise<boolean> {
    return this.#wrap(name, "exists", (d) => d.exists());
  }

  describe(name: string): Record<string, unknown> {
    return this.item(name).dataset.describe();
  }

  async #wrap<R>(name: string, operation: string, fn: (d: Dataset<unknown>) => Promise<R>): Promise<R> {
    const { dataset, type } = this.item(name);
    try {
      return await fn(dataset);
    } catch (cause) {
      if (FerryError.is(cause, "DATASET_ERROR")) throw cause;
      const where = describeWhere(dataset);
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw new FerryError("DATASET_ERROR", {
        message: `Failed to ${operation} dataset '${name}' (${type.type}${where}): ${detail}`,
        hint: hintFor(cause, operation),
        cause,
        details: { dataset: name, operation },
      });
    }
  }
}

function describeWhere(dataset: Dataset<unknown>): string {
  const uri = dataset.describe().uri;
  return typeof uri === "string" ? ` at ${uri}` : "";
}

function hintFor(cause: unknown, operation: string): string | undefined {
  if (FerryError.is(cause)) return cause.hint;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (code === "ENOENT" && operation === "load") {
    return "The file does not exist: check `path` in catalog.yml, or run the node that produces it first.";
  }
  if (code === "EACCES") return "Check the file permissions of that path.";
  return undefined;
}
