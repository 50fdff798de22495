import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { FerryError } from "../errors/ferry-error.ts";
import { didYouMean } from "../suggest.ts";

/** The config files Ferry reads from each `conf/<env>/` folder. */
export type ConfFile = "catalog" | "parameters" | "resources" | "targets";

/** Config of one run: `conf/base` layered under `conf/<env>`. */
export interface Conf {
  readonly env: string | undefined;
  /** Catalog entries; an env's entry replaces the base entry of the same name whole. */
  readonly catalog: Record<string, unknown>;
  /** Parameters, deep-merged (env wins). */
  readonly parameters: Record<string, unknown>;
  /** Options per target (`targets.yml`), deep-merged (env wins). */
  readonly targets: Record<string, unknown>;
  /** Compute requests (`resources.yml`), deep-merged (env wins). */
  readonly resources: Record<string, unknown>;
  /** Which file each top-level key came from, for error messages. */
  readonly sources: Record<ConfFile, Record<string, string>>;
}

export function listEnvs(root: string): string[] {
  const conf = join(root, "conf");
  if (!existsSync(conf)) return [];
  return readdirSync(conf, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** Read and parse one YAML mapping; a missing file is an empty mapping. */
export async function readYamlMap(root: string, path: string): Promise<Record<string, unknown>> {
  if (!existsSync(path)) return {};
  const { isMap, parseDocument } = await import("yaml");
  const shown = relative(root, path);
  const doc = parseDocument(readFileSync(path, "utf8"), { prettyErrors: true, uniqueKeys: true });
  const [first] = doc.errors;
  if (first) {
    const [line, col] = first.linePos?.[0] ? [first.linePos[0].line, first.linePos[0].col] : [0, 0];
    throw new FerryError("CONFIG_INVALID", {
      message: `${shown}:${line}:${col} is not valid YAML: ${first.message.split("\n")[0]}`,
      hint: `Fix the YAML syntax in ${shown} at line ${line}.`,
    });
  }
  if (doc.contents === null) return {};
  if (!isMap(doc.contents)) {
    throw new FerryError("CONFIG_INVALID", {
      message: `${shown} must hold a mapping of names to values, not a ${Array.isArray(doc.toJS()) ? "list" : "scalar"}.`,
      hint: `Write ${shown} as \`name: value\` pairs at the top level.`,
    });
  }
  return doc.toJS() as Record<string, unknown>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] = isPlainObject(prev) && isPlainObject(value) ? deepMerge(prev, value) : value;
  }
  return out;
}

/** Load `conf/base` then `conf/<env>` (when given). An unknown env is an error. */
export async function loadConf(root: string, env: string | undefined): Promise<Conf> {
  const envs = listEnvs(root);
  if (env !== undefined && !envs.includes(env)) {
    throw new FerryError("ENV_NOT_FOUND", {
      message: `There is no config environment '${env}': ${relative(root, join(root, "conf", env)) || "conf"} does not exist.${didYouMean(env, envs)}`,
      hint: envs.length
        ? `Use one of: ${envs.join(", ")}; or create conf/${env}/.`
        : `Create conf/${env}/ (and conf/base/) in the project.`,
    });
  }
  const layers = ["base", ...(env === undefined || env === "base" ? [] : [env])];
  const sources = { catalog: {}, parameters: {}, resources: {}, targets: {} } as Conf["sources"];
  let catalog: Record<string, unknown> = {};
  let parameters: Record<string, unknown> = {};
  let targets: Record<string, unknown> = {};
  let resources: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const file of ["catalog", "parameters", "targets", "resources"] as const) {
      const path = join(root, "conf", layer, `${file}.yml`);
      const map = await readYamlMap(root, path);
      for (const key of Object.keys(map)) sources[file][key] = relative(root, path);
      if (file === "catalog") catalog = { ...catalog, ...map };
      else if (file === "parameters") parameters = deepMerge(parameters, map);
      else if (file === "targets") targets = deepMerge(targets, map);
      else resources = deepMerge(resources, map);
    }
  }
  return { env, catalog, parameters, targets, resources, sources };
}
