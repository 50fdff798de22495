// Shared by the tests and the bench: where things are, a Node 24 to spawn, a sandboxed copy
// of the project, and a promise-returning spawn.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";

export const exampleDir = resolve(import.meta.dirname, "..");
export const repoDir = resolve(exampleDir, "../..");
export const cliBin = join(repoDir, "packages/cli/dist/bin.js");
export const generateScript = join(exampleDir, "scripts/generate.ts");
export const venvPython = join(repoDir, ".venv/bin/python");
export const referenceScript = join(repoDir, "scripts/python/kedro_spaceflights_reference.py");
/** Kedro's raw files, as conf/kedro/catalog.yml points at them. */
export const kedroDataDir = resolve(exampleDir, "../../../shared/data/kedro-spaceflights");
export const PYTHON_SETUP = "bash scripts/python/setup.sh";
export const BUILD = "npx --yes pnpm@12 run build";

const binDirs = [join(exampleDir, "node_modules/.bin"), join(repoDir, "node_modules/.bin")];

/**
 * A Node ≥ 24 (the CLI and the example's .ts files need its type stripping): this process's
 * own when it is one (vitest under pnpm), else the repo's pinned `node` devDependency.
 */
export function node24(): string {
  if (Number(process.versions.node.split(".")[0]) >= 24) return process.execPath;
  const pinned = join(repoDir, "node_modules/.bin/node");
  if (existsSync(pinned)) return pinned;
  throw new Error(
    `Node ${process.versions.node} is too old and ${pinned} is missing: install the workspace (npx --yes pnpm@12 install).`,
  );
}

/** The environment for child processes: the workspace's bin folders (Node 24, ferry) first. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, PATH: [...binDirs, process.env.PATH ?? ""].join(delimiter), NO_COLOR: "1", ...extra };
}

export interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Run a command to completion (never rejects on a non-zero exit; check `code`). */
export function run(command: string, args: readonly string[], cwd: string): Promise<Result> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

/** `ferry …` through the built CLI, with Node 24. */
export function ferry(args: readonly string[], cwd: string): Promise<Result> {
  return run(node24(), [cliBin, ...args], cwd);
}

/** scripts/generate.ts with the given flags. */
export function generate(args: readonly string[], cwd: string = exampleDir): Promise<Result> {
  return run(node24(), [generateScript, ...args], cwd);
}

/**
 * A throwaway project folder whose ferry.config.ts, src/ and conf/ are symlinks to the
 * example's, so runs there use the example's code and config but write data/ and .ferry/
 * into the sandbox (Node resolves the symlinks, so @ferry/core comes from the example's
 * node_modules). With `copyConf`, conf/ is a copy the test may change.
 */
export function createSandbox(
  prefix = "spaceflights-",
  parent = tmpdir(),
  options: { copyConf?: boolean } = {},
): string {
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, prefix));
  for (const entry of ["ferry.config.ts", "src", "conf"]) {
    if (entry === "conf" && options.copyConf) cpSync(join(exampleDir, entry), join(dir, entry), { recursive: true });
    else symlinkSync(join(exampleDir, entry), join(dir, entry));
  }
  mkdirSync(join(dir, "data/01_raw"), { recursive: true });
  return dir;
}

/** The run id in the CLI's last line ("✔ Run succeeded: … · run <id>"). */
export function runIdOf(stdout: string): string | undefined {
  return stdout.match(/\brun (\d{8}-\d{6}-\d{3}-[0-9a-f]+)/)?.[1];
}

/** One node's entry in a run record (.ferry/runs/<id>.json). */
export interface NodeRecord {
  readonly status: string;
  readonly durationMs?: number;
}

export interface RunRecord {
  readonly id: string;
  readonly status: string;
  readonly env?: string;
  readonly pipeline: string;
  readonly durationMs?: number;
  readonly nodes: Readonly<Record<string, NodeRecord>>;
}

/**
 * Generate 1,000 rows of raw data, upload each file as `01_raw/<file>` with `upload`, then
 * `ferry run --env <env>` in the sandbox: spaceflights with every dataset on an object store.
 */
export async function runOnStore(
  dir: string,
  env: string,
  upload: (key: string, data: Buffer) => Promise<unknown>,
): Promise<Result> {
  const raw = join(dir, "raw");
  const generated = await generate(["--rows", "1000", "--out", raw]);
  if (generated.code !== 0) throw new Error(`generate failed:\n${generated.stderr}`);
  for (const file of readdirSync(raw)) await upload(`01_raw/${file}`, readFileSync(join(raw, file)));
  return ferry(["run", "--env", env], dir);
}
