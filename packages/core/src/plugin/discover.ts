import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { FerryError } from "../errors/ferry-error.ts";
import type { Project } from "../project/load-project.ts";
import { createLocalPlugin } from "../runner/local-plugin.ts";
import type { RunnerPlugin, StartEmulator } from "./contract.ts";
import { defineRunnerPlugin } from "./define.ts";

/** Package names a target may come from, in lookup order. */
export function packagesFor(target: string): [string, string] {
  return [`@ferry/runner-${target}`, `ferry-runner-${target}`];
}

/** A plugin package's factory export: the target name in camelCase (`airflow-k8s` → `airflowK8s`). */
export function factoryName(target: string): string {
  return target.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The install command for the package manager the project uses (by its lockfile). */
export function installCommand(root: string, pkg: string): string {
  for (let dir = root; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-lock.yaml"))) return `pnpm add -D ${pkg}`;
    if (existsSync(join(dir, "yarn.lock"))) return `yarn add -D ${pkg}`;
    if (existsSync(join(dir, "bun.lock")) || existsSync(join(dir, "bun.lockb"))) return `bun add -d ${pkg}`;
    if (existsSync(join(dir, "package-lock.json")) || dirname(dir) === dir) return `npm install -D ${pkg}`;
  }
}

async function importFromProject(root: string, pkg: string): Promise<Record<string, unknown> | undefined> {
  let resolved: string;
  try {
    resolved = createRequire(join(root, "package.json")).resolve(pkg);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") return undefined;
    throw error;
  }
  return import(pathToFileURL(resolved).href);
}

/**
 * The runner plugin for `--target=<name>`: `local`; a plugin registered in ferry.config.ts;
 * else `@ferry/runner-<name>`, then `ferry-runner-<name>`, from the project's dependencies.
 */
export async function loadTarget(project: Project, name: string): Promise<RunnerPlugin<unknown>> {
  if (name === "local") return createLocalPlugin() as RunnerPlugin<unknown>;
  const registered = project.config.plugins?.find((p) => p.name === name);
  if (registered) return defineRunnerPlugin(registered);
  for (const pkg of packagesFor(name)) {
    const mod = await importFromProject(project.root, pkg);
    if (mod === undefined) continue;
    const factory = mod[factoryName(name)];
    if (typeof factory !== "function") {
      throw new FerryError("PLUGIN_INVALID", {
        message: `${pkg} has no export '${factoryName(name)}'.`,
        hint: `A runner package exports a factory named after its target: export function ${factoryName(name)}() { return defineRunnerPlugin({...}) }.`,
      });
    }
    const plugin = defineRunnerPlugin((await factory()) as RunnerPlugin<unknown>);
    if (plugin.name !== name) {
      throw new FerryError("PLUGIN_INVALID", {
        message: `${pkg} declares the target '${plugin.name}', not '${name}'.`,
      });
    }
    return plugin;
  }
  const [official, community] = packagesFor(name);
  throw new FerryError("PLUGIN_NOT_INSTALLED", {
    message: `No runner plugin for target '${name}': neither ${official} nor ${community} is installed in ${project.root}.`,
    hint: `Install it: ${installCommand(project.root, official)} (or ${community} for a community runner). Installed targets: ferry targets.`,
  });
}

/**
 * The emulator of `--target=<name>`: the `startEmulator` export of the plugin package's
 * `./emulator` subpath (`@ferry/runner-<name>/emulator`), resolved from the project.
 */
export async function loadEmulator(project: Project, name: string): Promise<StartEmulator> {
  for (const pkg of packagesFor(name)) {
    let mod: Record<string, unknown> | undefined;
    try {
      mod = await importFromProject(project.root, `${pkg}/emulator`);
    } catch (error) {
      // The package is installed but exports no ./emulator.
      if ((error as NodeJS.ErrnoException).code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw error;
    }
    if (mod === undefined) continue;
    if (typeof mod.startEmulator !== "function") {
      throw new FerryError("PLUGIN_INVALID", {
        message: `${pkg}/emulator has no export 'startEmulator'.`,
        hint: "An emulator module exports startEmulator({ projectRoot, options, logger }) → { options, url, close }.",
      });
    }
    return mod.startEmulator as StartEmulator;
  }
  throw new FerryError("EMULATOR_NOT_AVAILABLE", {
    message: `Target '${name}' ships no emulator (no ./emulator export in ${packagesFor(name).join(" or ")}).`,
    hint: "Run without --emulate, or ask the plugin's authors for an emulator.",
  });
}

/** Names of the targets installed in the project (registered, and runner packages in node_modules). */
export function installedTargetNames(project: Project): string[] {
  const names = new Set(["local", ...(project.config.plugins ?? []).map((p) => p.name)]);
  for (let dir = project.root; ; dir = dirname(dir)) {
    const modules = join(dir, "node_modules");
    const list = (path: string) => (existsSync(path) ? readdirSync(path) : []);
    for (const entry of list(join(modules, "@ferry"))) if (entry.startsWith("runner-")) names.add(entry.slice(7));
    for (const entry of list(modules)) if (entry.startsWith("ferry-runner-")) names.add(entry.slice(13));
    if (dirname(dir) === dir) break;
  }
  return [...names];
}
