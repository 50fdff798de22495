import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join } from "node:path";
import type { Plugin } from "esbuild";

/** Packages the bundler itself needs, never the running bundle: left out entirely. */
const BUILD_ONLY = new Set(["esbuild"]);

interface PackageJson {
  readonly version?: string;
  readonly gypfile?: boolean;
  readonly binary?: unknown;
  readonly optionalDependencies?: Record<string, string>;
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return (specifier.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}

/** The installed package.json of `name` as Node would find it from `fromDir`. */
function findPackage(name: string, fromDir: string): { dir: string; json: PackageJson } | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) {
      return { dir: candidate, json: JSON.parse(readFileSync(join(candidate, "package.json"), "utf8")) };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Whether a package ships a native binary, which a bundler cannot inline: a node-gyp build
 * (`gypfile`, binding.gyp, node-pre-gyp's `binary`) or prebuilt per-platform packages as
 * optional dependencies (the napi-rs convention, e.g. nodejs-polars-linux-x64-gnu).
 */
function isNative(pkg: { dir: string; json: PackageJson }): boolean {
  const platformPackage = /(?:^|[-/])(?:linux|darwin|win32|freebsd|android)(?:-|$)/;
  return (
    pkg.json.gypfile === true ||
    pkg.json.binary !== undefined ||
    existsSync(join(pkg.dir, "binding.gyp")) ||
    Object.keys(pkg.json.optionalDependencies ?? {}).some((dep) => platformPackage.test(dep))
  );
}

/**
 * An esbuild plugin that leaves native packages (and those listed in `extra`) out of the
 * bundle and records their installed versions in `found`, to be installed for the target
 * platform next to it.
 */
export function externalPackages(extra: Promise<readonly string[]>, found: Map<string, string>): Plugin {
  const builtins = new Set(builtinModules);
  return {
    name: "ferry-externals",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.path.startsWith("node:") || builtins.has(args.path)) return undefined;
        const name = packageName(args.path);
        if (BUILD_ONLY.has(name)) return { path: args.path, external: true };
        const pkg = findPackage(name, args.resolveDir);
        if (pkg === undefined || !((await extra).includes(name) || isNative(pkg))) return undefined;
        found.set(name, pkg.json.version ?? "*");
        return { path: args.path, external: true };
      });
    },
  };
}
