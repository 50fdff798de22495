// Spaceflights (1,000 rows) run locally vs on the Vertex AI and Kubeflow emulators
// (`ferry run --emulate`: image built and pushed, spec submitted through the vendor's client,
// each step run from the pulled image as its own process, data on the GCS emulator / moto).
// Wall time of the whole command, first (the image is built) and second (same sources); ratios
// to the local run. Figures only; nothing is asserted. Uses the running test peers or starts
// them. Run: node bench/emulate.bench.ts
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { peer, start } from "@ferry/repo-scripts/peers";
import { EMULATED_TARGETS, emulatedSandbox, targetStore } from "../test/emulated.ts";
import { createSandbox, ferry, generate } from "../test/support.ts";

const stop = peer("registry").endpoints ? undefined : await start();
const dirs: string[] = [];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function timed(args: string[], dir: string): Promise<number> {
  const result = await ferry(args, dir);
  if (result.code !== 0) throw new Error(`ferry ${args.join(" ")} failed:\n${result.stderr}`);
  return result.ms;
}

try {
  const local = createSandbox("bench-local-");
  dirs.push(local);
  const raw = join(local, "data/01_raw");
  await generate(["--rows", "1000", "--out", raw]);
  const localMs = Math.min(await timed(["run"], local), await timed(["run"], local));
  console.log(`spaceflights, 1,000 rows, 6 nodes · local run (in process): ${seconds(localMs)}`);
  for (const target of EMULATED_TARGETS) {
    const store = await targetStore(target);
    for (const file of ["companies.csv", "reviews.csv", "shuttles.csv"]) {
      await store.put(`01_raw/${file}`, readFileSync(join(raw, file)));
    }
    const { dir, cleanup } = await emulatedSandbox(target);
    dirs.push(...cleanup);
    const args = ["run", "--env", target, "--target", target, "--emulate"];
    const first = await timed(args, dir);
    const second = await timed(args, dir);
    console.log(
      `${target} --emulate: first ${seconds(first)} (image built and pushed), second ${seconds(second)} (same sources) = ${(second / localMs).toFixed(1)}× local`,
    );
  }
} finally {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  stop?.();
}
