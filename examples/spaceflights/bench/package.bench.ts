// `ferry package` on spaceflights: bundle build time cold (empty install cache), warm (same
// sources) and after a one-line change, the bundle's sizes, and a step's start-up from the
// bundle vs from sources. Figures only; nothing is asserted. Run: node bench/package.bench.ts
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const ferry = join(root, "node_modules/@ferry/cli/dist/bin.js");
const cache = mkdtempSync(join(tmpdir(), "ferry-cache-"));
// A copy of the project inside the example, so its imports resolve to the example's node_modules.
mkdirSync(join(root, ".ferry"), { recursive: true });
const sandbox = mkdtempSync(join(root, ".ferry", "bench-package-"));
for (const entry of ["ferry.config.ts", "conf"]) cpSync(join(root, entry), join(sandbox, entry), { recursive: true });
cpSync(join(root, "src"), join(sandbox, "src"), { recursive: true });
const env = { ...process.env, NO_COLOR: "1", FERRY_CACHE_DIR: cache };
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

interface Built {
  digest: string;
  dir: string;
  bytes: number;
  app: { bytes: number; files: number };
  deps: { bytes: number; packages: Record<string, string> };
}
function pack(): { ms: number; bundle: Built } {
  const start = performance.now();
  const r = spawnSync(process.execPath, [ferry, "package", "--json"], { cwd: sandbox, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ferry package failed:\n${r.stderr}`);
  return { ms: performance.now() - start, bundle: JSON.parse(r.stdout) as Built };
}

try {
  const cold = pack();
  const warm = [pack(), pack(), pack()].sort((a, b) => a.ms - b.ms)[1] as ReturnType<typeof pack>;
  appendFileSync(join(sandbox, "ferry.config.ts"), "\nexport const benchChange = 1;\n");
  const changed = pack();
  const { bundle } = cold;
  console.log(`bundle ${bundle.digest.slice(0, 19)}…  ${mb(bundle.bytes)}`);
  console.log(
    `  app   ${mb(bundle.app.bytes)} in ${bundle.app.files} files (esbuild: project + runtime + storage SDKs)`,
  );
  console.log(
    `  deps  ${mb(bundle.deps.bytes)}: ${Object.entries(bundle.deps.packages)
      .map(([n, v]) => `${n}@${v}`)
      .join(", ")} for linux/x64`,
  );
  console.log(`ferry package, cold (empty install cache)   ${(cold.ms / 1000).toFixed(2)} s`);
  console.log(
    `ferry package, warm (same sources)          ${(warm.ms / 1000).toFixed(2)} s  (same digest: ${warm.bundle.digest === bundle.digest})`,
  );
  console.log(
    `ferry package, one-line change              ${(changed.ms / 1000).toFixed(2)} s  (new digest: ${changed.bundle.digest !== bundle.digest})`,
  );

  // A step's process start-up: the bundle's launcher vs core's runtime entry on the sources.
  spawnSync(process.execPath, ["scripts/generate.ts", "--rows", "1000", "--if-missing"], { cwd: root });
  const plan = join(root, ".ferry/compiled/local/plan.json");
  spawnSync(process.execPath, [ferry, "compile", "--run-id", "bench"], { cwd: root, env });
  const step = (JSON.parse(readFileSync(plan, "utf8")) as { steps: { id: string }[] }).steps[0]?.id ?? "";
  const args = ["run-node", "--plan", plan, "--step", step, "--run-id", "bench"];
  const time = (command: string, argv: readonly string[], cwd: string) => {
    const runs: number[] = [];
    for (let i = 0; i < 6; i++) {
      const start = performance.now();
      const r = spawnSync(command, argv, { cwd, env: { ...env, FERRY_NODE: process.execPath } });
      if (r.status !== 0) throw new Error(`${command} failed:\n${r.stderr}`);
      if (i > 0) runs.push(performance.now() - start);
    }
    return runs.sort((a, b) => a - b)[runs.length >> 1] as number;
  };
  const fromBundle = time(join(bundle.dir, "bin/ferry"), args, bundle.dir);
  const fromSources = time(process.execPath, [ferry, ...args], root);
  console.log(
    `run-node ${step}: from the bundle ${fromBundle.toFixed(0)} ms, from sources ${fromSources.toFixed(0)} ms`,
  );
} finally {
  rmSync(sandbox, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
}
