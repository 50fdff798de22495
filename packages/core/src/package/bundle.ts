import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { FerryError } from "../errors/ferry-error.ts";
import { CONFIG_FILE, findProjectRoot, loadProject } from "../project/load-project.ts";
import { installDeps, LINUX_AMD64, type Platform } from "./deps.ts";
import { externalPackages } from "./externals.ts";
import { linkTree, type TreeDigest, treeDigest } from "./tree.ts";

const coreVersion = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;

export interface BundleOptions {
  /** A folder inside the project. */
  readonly cwd: string;
  /** Where bundles are kept, one folder per digest. @default <project>/.ferry/bundles */
  readonly outDir?: string;
  /** Packages to install next to the bundle instead of inlining (native ones are found automatically). */
  readonly external?: readonly string[];
  /** @default linux/x64/glibc, what `node:24-slim` runs */
  readonly platform?: Platform;
}

/**
 * A packaged project: a folder that runs `ferry run-node` with nothing but Node 24. Its
 * `digest` covers the app's and the deps' digests; `files` and `bytes` are their sums.
 */
export interface Bundle extends TreeDigest {
  /** The bundle's folder, `<outDir>/<first 16 hex of the digest>`. */
  readonly dir: string;
  /** The code: ferry.mjs, its chunks, bin/ferry, package.json. */
  readonly app: TreeDigest;
  /** node_modules: the native packages, installed for `platform`. */
  readonly deps: TreeDigest & { readonly packages: Readonly<Record<string, string>>; readonly lockHash: string };
}

/** Runs `ferry …` inside the bundle with the Node on PATH (or $FERRY_NODE). */
const LAUNCHER = `#!/bin/sh
# Needs nothing but sh and node (no dirname: slim images may lack coreutils).
exec "\${FERRY_NODE:-node}" "\${0%/*}/../ferry.mjs" "$@"
`;
/**
 * Package the project: its code and the Ferry runtime bundled by esbuild into one ESM
 * program, plus the packages that cannot be bundled (native ones) installed for the
 * container's platform. The folder's name is its content digest, so the same sources give
 * the same bundle and any code change a new one. Config (conf/) is not included: every
 * step reads what it needs from the plan.
 */
export async function buildBundle(options: BundleOptions): Promise<Bundle> {
  const root = findProjectRoot(options.cwd);
  // Loading the project (for its name and `package` options) overlaps with bundling.
  const project = loadProject(root);
  const external = project.then((p) => [...(p.config.package?.external ?? []), ...(options.external ?? [])]);
  external.catch(() => {}); // a project that fails to load is reported below, once
  const outDir = options.outDir ?? join(root, ".ferry", "bundles");
  mkdirSync(outDir, { recursive: true });
  const tmp = mkdtempSync(join(outDir, ".build-"));
  try {
    const found = new Map<string, string>();
    await bundleCode(root, tmp, external, found);
    const { name } = (await project).config;
    writeFileSync(
      join(tmp, "package.json"),
      `${JSON.stringify({ name: `${name}-bundle`, private: true, type: "module" }, null, 2)}\n`,
    );
    const packages = Object.fromEntries([...found].sort(([a], [b]) => a.localeCompare(b)));
    const deps = await installDeps(packages, options.platform ?? LINUX_AMD64);
    const app = treeDigest(tmp);
    // Hard links into the install cache: a deps folder can be 100+ MB, and neither changes.
    linkTree(deps.dir, join(tmp, "node_modules"));
    const digest = `sha256:${createHash("sha256").update(`app ${app.digest}\ndeps ${deps.tree.digest}\n`).digest("hex")}`;
    const dir = join(outDir, digest.slice("sha256:".length, "sha256:".length + 16));
    if (existsSync(dir)) rmSync(tmp, { recursive: true, force: true });
    else renameSync(tmp, dir);
    return {
      digest,
      files: app.files + deps.tree.files,
      bytes: app.bytes + deps.tree.bytes,
      dir,
      app,
      deps: { ...deps.tree, packages, lockHash: deps.lockHash },
    };
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    await project; // a project that does not load says so itself, not as a bundling failure
    throw error;
  }
}

async function bundleCode(
  root: string,
  out: string,
  external: Promise<readonly string[]>,
  found: Map<string, string>,
): Promise<void> {
  const esbuild = await import("esbuild");
  const entry = [
    `import * as project from ${JSON.stringify(`./${CONFIG_FILE}`)};`,
    `import { runBundled } from "@ferry/core/runtime";`,
    `process.exitCode = await runBundled(project, import.meta.dirname, process.argv.slice(2), { core: ${JSON.stringify(coreVersion)} });`,
  ].join("\n");
  try {
    await esbuild.build({
      // From the config's real folder: where a symlinked project finds @ferry/core too.
      stdin: {
        contents: entry,
        resolveDir: dirname(realpathSync(join(root, CONFIG_FILE))),
        sourcefile: "ferry-bundle-entry.js",
        loader: "js",
      },
      absWorkingDir: root,
      bundle: true,
      splitting: true,
      platform: "node",
      // Prefer a package's ESM build: with code splitting, a CommonJS module imported
      // dynamically reaches its importer as a `default` export only, so the S3 driver's
      // lazily loaded `S3Client` would be undefined in the bundle.
      mainFields: ["module", "main"],
      format: "esm",
      target: "node24",
      outdir: out,
      entryNames: "ferry",
      chunkNames: "chunks/[name]-[hash]",
      outExtension: { ".js": ".mjs" },
      // CommonJS dependencies call require(); ESM output has none unless given one.
      banner: {
        js: 'import { createRequire as __ferryRequire } from "node:module"; const require = __ferryRequire(import.meta.url);',
      },
      legalComments: "none",
      logLevel: "silent",
      plugins: [externalPackages(external, found)],
    });
  } catch (cause) {
    const errors = (cause as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors;
    const detail = errors?.length
      ? errors.map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ""}${e.text}`).join("\n")
      : (cause as Error).message;
    throw new FerryError("PACKAGE_FAILED", {
      message: `Bundling the project at ${root} failed:\n${detail}`,
      hint: "Fix the import above; a package that cannot be bundled (it reads its own files at run time) can be installed beside the bundle instead: list it in `package.external` in ferry.config.ts.",
      cause,
    });
  }
  mkdirSync(join(out, "bin"));
  writeFileSync(join(out, "bin", "ferry"), LAUNCHER);
  chmodSync(join(out, "bin", "ferry"), 0o755);
}
