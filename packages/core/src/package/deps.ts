import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { FerryError } from "../errors/ferry-error.ts";
import { type TreeDigest, treeDigest } from "./tree.ts";

/** The platform a bundle's native dependencies are installed for (pnpm's supportedArchitectures). */
export interface Platform {
  readonly os: string;
  readonly cpu: string;
  readonly libc: string;
}

/** What container images run: Debian-based `node:24-slim` on amd64. */
export const LINUX_AMD64: Platform = { os: "linux", cpu: "x64", libc: "glibc" };

export interface InstalledDeps {
  /** The installed `node_modules` folder (empty when there are no dependencies). */
  readonly dir: string;
  /** Its content. */
  readonly tree: TreeDigest;
  /** `sha256:` of the pnpm lockfile the install resolved (of nothing, without dependencies). */
  readonly lockHash: string;
}

/** Where installs are kept between bundles and projects: $FERRY_CACHE_DIR, else ~/.cache/ferry. */
export function cacheDir(): string {
  return process.env.FERRY_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "ferry");
}

/** pnpm, as the user runs it: FERRY_PNPM, the pnpm running this script, `pnpm` on PATH, or npx. */
function pnpmCommand(): string[] {
  if (process.env.FERRY_PNPM) return process.env.FERRY_PNPM.split(" ");
  const execPath = process.env.npm_execpath;
  // pnpm runs as a JavaScript file or, from pnpm 11 on, as a native executable.
  if (execPath && /pnpm/.test(execPath)) return /\.[cm]?js$/.test(execPath) ? [process.execPath, execPath] : [execPath];
  const onPath = (process.env.PATH ?? "").split(delimiter).some((dir) => existsSync(join(dir, "pnpm")));
  return onPath ? ["pnpm"] : ["npx", "--yes", "pnpm@12"];
}

function run(command: readonly string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const [bin = "pnpm", ...args] = command;
    const child = spawn(bin, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "true" } });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/**
 * Install `dependencies` (name → exact version) for `platform` with pnpm, flat
 * (`nodeLinker: hoisted`) and without install scripts, so native packages are the target's
 * prebuilt ones, not this machine's. Cached by the dependency set and platform.
 */
export async function installDeps(
  dependencies: Readonly<Record<string, string>>,
  platform: Platform,
  cache: string = join(cacheDir(), "deps"),
): Promise<InstalledDeps> {
  const manifest = JSON.stringify({ name: "ferry-bundle-deps", private: true, dependencies }, null, 2);
  const workspace = [
    "# Written by ferry package: production dependencies for the container's platform.",
    "nodeLinker: hoisted",
    `supportedArchitectures: { os: [${platform.os}], cpu: [${platform.cpu}], libc: [${platform.libc}] }`,
    "",
  ].join("\n");
  const key = createHash("sha256").update(manifest).update(workspace).digest("hex").slice(0, 16);
  const dir = join(cache, key);
  const complete = join(dir, "installed.json");
  if (existsSync(complete)) return JSON.parse(readFileSync(complete, "utf8")) as InstalledDeps;

  mkdirSync(cache, { recursive: true });
  const tmp = mkdtempSync(join(cache, ".install-"));
  try {
    writeFileSync(join(tmp, "package.json"), manifest);
    writeFileSync(join(tmp, "pnpm-workspace.yaml"), workspace);
    if (Object.keys(dependencies).length > 0) {
      const pnpm = pnpmCommand();
      const install = [...pnpm, "install", "--prod", "--ignore-scripts", "--config.confirm-modules-purge=false"];
      // Three attempts: a registry hiccup should not fail a package (pnpm's store makes retries cheap).
      let result = await run(install, tmp);
      for (let attempt = 2; result.code !== 0 && attempt <= 3; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, attempt * 1000));
        result = await run(install, tmp);
      }
      if (result.code !== 0) {
        throw new FerryError("PACKAGE_FAILED", {
          message: `Installing the bundle's external packages (${Object.entries(dependencies)
            .map(([n, v]) => `${n}@${v}`)
            .join(", ")}) for ${platform.os}/${platform.cpu} failed (3 attempts):\n${result.output.trim()}`,
          hint: "Check that the registry is reachable (pnpm install works here) and has each package at that version: a workspace or private package cannot be installed beside the bundle, so do not list it in package.external. FERRY_PNPM sets the pnpm command.",
        });
      }
    }
    // pnpm's state (.modules.yaml, .pnpm/, .bin/) holds timestamps and is not needed to run.
    const modules = join(tmp, "node_modules");
    mkdirSync(modules, { recursive: true });
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith(".")) rmSync(join(modules, entry), { recursive: true, force: true });
    }
    const lock = join(tmp, "pnpm-lock.yaml");
    const installed: InstalledDeps = {
      dir: join(dir, "node_modules"),
      tree: treeDigest(modules),
      lockHash: `sha256:${createHash("sha256")
        .update(existsSync(lock) ? readFileSync(lock) : "")
        .digest("hex")}`,
    };
    writeFileSync(join(tmp, "installed.json"), JSON.stringify(installed, null, 2));
    try {
      renameSync(tmp, dir);
    } catch (error) {
      // Another process installed the same set first: use its copy (never replace a copy in use).
      if (!existsSync(complete)) throw error;
    }
    return JSON.parse(readFileSync(complete, "utf8")) as InstalledDeps;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
