import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { FerryError } from "../errors/ferry-error.ts";
import { Pipeline } from "../pipeline/pipeline.ts";
import { didYouMean } from "../suggest.ts";
import type { FerryConfig } from "./define-config.ts";

export const CONFIG_FILE = "ferry.config.ts";
export const DEFAULT_PIPELINE = "__default__";

/** A loaded project: its root folder, config and named pipelines (with `__default__`). */
export interface Project {
  readonly root: string;
  readonly configPath: string;
  readonly config: FerryConfig;
  readonly pipelines: ReadonlyMap<string, Pipeline>;
}

/** In a packaged bundle, the project compiled into it (there is no ferry.config.ts file). */
let bundled: { readonly root: string; readonly module: Record<string, unknown> } | undefined;

/** Make `loadProject` return the config module compiled into a bundle rooted at `root`. */
export function registerBundledProject(root: string, module: Record<string, unknown>): void {
  bundled = { root, module };
}

/** The nearest folder at or above `cwd` holding ferry.config.ts (in a bundle, its root). */
export function findProjectRoot(cwd: string): string {
  if (bundled) return bundled.root;
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new FerryError("PROJECT_NOT_FOUND", {
        message: `No ${CONFIG_FILE} in ${resolve(cwd)} or any folder above it.`,
      });
    }
    dir = parent;
  }
}

/**
 * Import ferry.config.ts (Node strips the types; no build step) and check its shape.
 * Cached per path, so workers and repeated calls load a project once.
 */
const cache = new Map<string, Promise<Project>>();
export function loadProject(cwd: string): Promise<Project> {
  const root = findProjectRoot(cwd);
  const configPath = join(root, CONFIG_FILE);
  let loaded = cache.get(configPath);
  if (loaded === undefined) {
    loaded = importProject(root, configPath);
    cache.set(configPath, loaded);
  }
  return loaded;
}

async function importProject(root: string, configPath: string): Promise<Project> {
  let mod: Record<string, unknown>;
  try {
    mod = bundled?.root === root ? bundled.module : await import(pathToFileURL(configPath).href);
  } catch (cause) {
    if (FerryError.is(cause)) throw cause;
    throw new FerryError("PROJECT_INVALID", {
      message: `Could not load ${configPath}: ${cause instanceof Error ? cause.message : String(cause)}`,
      hint: "Fix the error above. ferry.config.ts runs with Node's type stripping: import local files with their .ts extension and use only erasable TypeScript syntax (no enums or namespaces).",
      cause,
    });
  }
  const config = mod.config as FerryConfig | undefined;
  if (typeof config !== "object" || config === null) {
    throw new FerryError("PROJECT_INVALID", {
      message: `${configPath} has no \`config\` export.${didYouMean("config", Object.keys(mod))}`,
      hint: "Add `export const config = defineConfig({ name, pipelines: { ... } })`.",
    });
  }
  const pipelines = new Map<string, Pipeline>();
  for (const [name, p] of Object.entries(config.pipelines ?? {})) {
    if (!Pipeline.is(p)) {
      throw new FerryError("PROJECT_INVALID", {
        message: `config.pipelines.${name} in ${configPath} is not a Pipeline.`,
        hint: "Build pipelines with `pipeline([...nodes])` from @ferry/core.",
      });
    }
    pipelines.set(name, p);
  }
  if (pipelines.size === 0) {
    throw new FerryError("PROJECT_INVALID", {
      message: `config.pipelines in ${configPath} is empty.`,
      hint: "Add at least one pipeline: `pipelines: { main: pipeline([...]) }`.",
    });
  }
  if (!pipelines.has(DEFAULT_PIPELINE)) {
    pipelines.set(
      DEFAULT_PIPELINE,
      [...pipelines.values()].reduce((a, b) => a.add(b)),
    );
  }
  return { root, configPath, config, pipelines };
}

export function pipelineOf(project: Project, name: string = DEFAULT_PIPELINE): Pipeline {
  const found = project.pipelines.get(name);
  if (found === undefined) {
    const names = [...project.pipelines.keys()];
    throw new FerryError("PIPELINE_NOT_FOUND", {
      message: `The project has no pipeline '${name}'.${didYouMean(name, names)}`,
      hint: `Pipelines: ${names.join(", ")}.`,
    });
  }
  return found;
}
