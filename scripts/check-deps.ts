// Enforces the package dependency rules of ARCHITECTURE.md §2 on package.json files and on
// every import in the workspace's sources. Exits 1 listing each violation with its fix.
// (dependency-cruiser needs the TypeScript compiler API, which TypeScript 7 no longer ships.)
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";

const CLOUD_SDK = /^(@google-cloud\/|@aws-sdk\/|@azure\/|snowflake-sdk$|@kubernetes\/client-node$)/;
// `import x from "a"`, `export … from "a"`, `import("a")` and bare `import "a"`.
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|[\s;])import\s*["']([^"']+)["']/g;

interface Pkg {
  dir: string;
  name: string;
  deps: Set<string>;
  json: Record<string, Record<string, string> | undefined>;
}

function packages(root: string): Pkg[] {
  const dirs = ["packages", "plugins", "examples"].flatMap((group) =>
    existsSync(join(root, group)) ? readdirSync(join(root, group)).map((d) => join(group, d)) : [],
  );
  dirs.push("conformance-tests");
  return dirs
    .filter((d) => existsSync(join(root, d, "package.json")))
    .map((dir) => {
      const json = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
      const deps = new Set<string>();
      for (const field of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
        for (const name of Object.keys(json[field] ?? {})) deps.add(name);
      }
      return { dir, name: json.name, deps, json };
    });
}

function sources(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === "node_modules" || e.name === "dist" || e.name === "data" || e.name.startsWith(".")) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mts|js|mjs)$/.test(e.name)) out.push(p);
    }
  };
  walk(join(root, dir));
  return out;
}

function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/** Why `from` may not use `dep`, or undefined when allowed. */
function rule(from: Pkg, dep: string): string | undefined {
  if (from.name === "@ferry/core" && (dep.startsWith("@ferry/") || CLOUD_SDK.test(dep))) {
    return "core depends on no other Ferry package and on no cloud SDK";
  }
  if (dep === "@ferry/cli" && !from.dir.startsWith("examples/")) return "nothing depends on the CLI";
  const own = from.name?.match(/^@ferry\/runner-(.+)$/)?.[1];
  if (own !== undefined && dep.startsWith("@ferry/runner-") && dep !== from.name) {
    return "a runner plugin never depends on another runner plugin";
  }
  return undefined;
}

/** Every violation of the dependency rules in the workspace at `root`, each with its fix. */
export function checkDeps(root: string): { problems: string[]; packages: number } {
  const problems: string[] = [];
  const all = packages(root);
  for (const pkg of all) {
    for (const dep of pkg.deps) {
      const why = rule(pkg, dep);
      if (why) problems.push(`${pkg.dir}/package.json depends on ${dep}: ${why}. Remove the dependency.`);
    }
    for (const file of sources(root, pkg.dir)) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(IMPORT)) {
        const spec = match[1] ?? match[2] ?? match[3] ?? "";
        if (spec.startsWith(".") || spec.startsWith("node:") || builtinModules.includes(spec)) continue;
        const dep = packageOf(spec);
        if (dep === pkg.name) continue; // a package's own tests and examples import it by name
        const where = relative(root, file);
        if (dep === "@ferry/cli") problems.push(`${where} imports @ferry/cli: nothing imports the CLI.`);
        const why = rule(pkg, dep);
        if (why) problems.push(`${where} imports ${spec}: ${why}.`);
        else if (!pkg.deps.has(dep)) {
          problems.push(
            `${where} imports ${spec}, which ${pkg.dir}/package.json does not declare. Add it to dependencies.`,
          );
        }
        if (/^@ferry\/[^/]+\/(src|dist)\//.test(spec))
          problems.push(`${where} deep-imports ${spec}: use the package's exports.`);
      }
    }
  }
  return { problems, packages: all.length };
}

if (import.meta.main) {
  const { problems, packages: count } = checkDeps(join(import.meta.dirname, ".."));
  if (problems.length > 0) {
    console.error(`Dependency rules (ARCHITECTURE.md §2) broken:\n- ${problems.join("\n- ")}`);
    process.exit(1);
  }
  console.log(`Dependency rules hold for ${count} packages.`);
}
