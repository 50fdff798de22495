// CLI cold start and the cost of process isolation, measured on whole `ferry` processes.
// Figures only; nothing is asserted. Run: node bench/startup.bench.ts
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const ferry = join(root, "node_modules/@ferry/cli/dist/bin.js");
const env = { ...process.env, NO_COLOR: "1" };

function wall(args: readonly string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    if (r.status !== 0) throw new Error(`${args.join(" ")} failed:\n${r.stderr}`);
    if (i > 0) times.push(performance.now() - start); // the first warms the compile cache
  }
  return times.sort((a, b) => a - b)[times.length >> 1] as number;
}

spawnSync(process.execPath, ["scripts/generate.ts", "--rows", "1000", "--if-missing"], { cwd: root });
const bare = wall(["-e", "0"], 9);
const version = wall([ferry, "--version"], 9);
const list = wall([ferry, "list", "nodes"], 9);
console.log(`node -e 0          ${bare.toFixed(0)} ms`);
console.log(`ferry --version    ${version.toFixed(0)} ms  (${(version / bare).toFixed(1)}× node)`);
console.log(`ferry list nodes   ${list.toFixed(0)} ms  (${(list / bare).toFixed(1)}× node)`);

const thread = wall([ferry, "run"], 5);
const processes = wall([ferry, "run", "--isolation", "process"], 5);
const steps = 6;
console.log(`ferry run (thread)              ${thread.toFixed(0)} ms`);
console.log(`ferry run --isolation process   ${processes.toFixed(0)} ms  (${(processes / thread).toFixed(2)}×)`);
console.log(
  `process isolation overhead      ${((processes - thread) / steps).toFixed(0)} ms per step (spawn + load + save), ${steps} steps`,
);
