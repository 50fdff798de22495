import { type CatalogItem, DataCatalog } from "../catalog/data-catalog.ts";
import type { DatasetEntry, DatasetServices, DatasetType } from "../catalog/dataset-type.ts";
import type { Conf } from "../config/load-conf.ts";
import { FerryError } from "../errors/ferry-error.ts";
import type { Problem } from "../pipeline/validate.ts";
import { didYouMean } from "../suggest.ts";

export interface BindCatalogInput {
  readonly conf: Conf;
  /** Declared dataset types by name (catalog.ts), plus every dataset any pipeline uses. */
  readonly declared: ReadonlyMap<string, DatasetType<unknown>>;
  readonly types: ReadonlyMap<string, DatasetType<unknown>>;
  readonly services: DatasetServices;
}

function compatible(declared: DatasetType<unknown>, chosen: DatasetType<unknown>): boolean {
  return declared.kind === "any" || chosen.kind === "any" || declared.kind === chosen.kind;
}

/**
 * Validate catalog.yml entries against the declared datasets and resolve them to plain
 * JSON entries (types by name, paths as URIs). Every problem is collected.
 */
export async function bindCatalog(
  input: BindCatalogInput,
): Promise<{ catalog: DataCatalog; entries: DatasetEntry[]; problems: Problem[] }> {
  const { conf, declared, types, services } = input;
  // zod loads only here, when config is validated (never in worker threads).
  const { CATALOG_KEYS, catalogEntrySchema } = await import("../catalog/entry-schema.ts");
  const problems: Problem[] = [];
  const items: CatalogItem[] = [];
  const entries: DatasetEntry[] = [];
  const configured = new Set<string>();
  for (const [name, raw] of Object.entries(conf.catalog)) {
    const file = conf.sources.catalog[name] ?? "catalog.yml";
    configured.add(name);
    if (!declared.has(name)) {
      problems.push({
        message: `${file} configures '${name}', which no pipeline uses and catalog.ts does not declare.${didYouMean(name, declared.keys())}`,
        fix: `Rename the entry, or declare '${name}' in defineCatalog(...).`,
      });
      continue;
    }
    const parsed = catalogEntrySchema.safeParse(raw ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const unknownKeys = issue.code === "unrecognized_keys" ? issue.keys : [];
        const where = [name, ...issue.path.map(String)].join(".");
        problems.push(
          unknownKeys.length
            ? {
                message: `${file}: '${name}' has unknown key${unknownKeys.length > 1 ? "s" : ""} ${unknownKeys.map((k) => `'${k}'`).join(", ")}.${didYouMean(unknownKeys[0] ?? "", CATALOG_KEYS)}`,
                fix: `Use only: ${CATALOG_KEYS.join(", ")}.`,
              }
            : {
                message: `${file}: ${where}: ${issue.message}.`,
                fix: `Correct '${where}' in ${file}.`,
              },
        );
      }
      continue;
    }
    const entry = parsed.data;
    const declaredType = declared.get(name);
    const typeName = entry.type ?? declaredType?.type;
    const type = typeName === undefined ? undefined : types.get(typeName);
    if (type === undefined) {
      problems.push({
        message: `${file}: '${name}' has ${typeName === undefined ? "no type" : `the unknown type '${typeName}'`}.${typeName ? didYouMean(typeName, types.keys()) : ""}`,
        fix: `Set \`type:\` to one of: ${[...types.keys()].join(", ")} (or register the type in ferry.config.ts \`datasetTypes\`).`,
      });
      continue;
    }
    if (declaredType && !compatible(declaredType, type)) {
      problems.push({
        message: `${file}: '${name}' is declared as ${declaredType.type} (${declaredType.kind}) in catalog.ts but configured as ${type.type} (${type.kind}).`,
        fix: `Use a type whose in-memory kind is '${declaredType.kind}', or change the declaration in catalog.ts.`,
      });
      continue;
    }
    try {
      const resolved: DatasetEntry = {
        name,
        type: type.type,
        uri: entry.path === undefined ? undefined : services.storage.resolve(entry.path),
        versioned: entry.versioned ?? false,
        loadArgs: entry.load_args ?? {},
        saveArgs: entry.save_args ?? {},
      };
      items.push({ name, type, dataset: type.create(resolved, services) });
      entries.push(resolved);
    } catch (error) {
      if (!FerryError.is(error)) throw error;
      problems.push({
        message: `${file}: ${error.message}`,
        fix: error.hint ?? `Correct '${name}' in ${file}.`,
      });
    }
  }
  for (const [name, type] of declared) {
    if (configured.has(name) || type.persistent === false) continue;
    problems.push({
      message: `Dataset '${name}' is declared as ${type.type} in catalog.ts but has no entry in conf/base/catalog.yml.`,
      fix: `Add '${name}: { path: data/${name}.${type.type} }' to conf/base/catalog.yml, or declare it as memory().`,
    });
  }
  return { catalog: new DataCatalog(items, services), entries, problems };
}

/** The catalog of already-validated entries (a worker thread's, a step process's). */
export function catalogFromEntries(
  entries: readonly DatasetEntry[],
  types: ReadonlyMap<string, DatasetType<unknown>>,
  services: DatasetServices,
): DataCatalog {
  return new DataCatalog(
    entries.map((entry) => {
      const type = types.get(entry.type);
      if (type === undefined) throw new Error(`Dataset type '${entry.type}' is not registered in this process.`);
      return { name: entry.name, type, dataset: type.create(entry, services) };
    }),
    services,
  );
}
