// Spaceflights on each emulated cloud target: `ferry run --env <t> --target <t> --emulate`
// pushes the project's image to a real registry, submits the compiled pipeline through the
// target's client (the real @google-cloud/aiplatform, or KFP's REST API) to its emulator,
// which runs each step from the pulled image; the data lives on the GCS emulator or moto. The
// outputs equal a local run's, byte for byte.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EMULATED_TARGETS, emulatedSandbox, emulateSkip, targetStore } from "./emulated.ts";
import { createSandbox, ferry, generate, runIdOf } from "./support.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const outputs = ["03_primary/model_input_table.parquet", "08_reporting/metrics.json"];

describe.each(EMULATED_TARGETS)("spaceflights on the %s emulator", (target) => {
  const skip = emulateSkip(target);
  it.skipIf(skip !== undefined)(
    `runs end to end with outputs identical to a local run${skip ? ` — skipped: ${skip}` : ""}`,
    { timeout: 600_000 },
    async () => {
      const store = await targetStore(target);
      const local = createSandbox("spaceflights-local-");
      dirs.push(local);
      const raw = join(local, "data/01_raw");
      expect((await generate(["--rows", "1000", "--out", raw])).code).toBe(0);
      for (const file of ["companies.csv", "reviews.csv", "shuttles.csv"]) {
        await store.put(`01_raw/${file}`, readFileSync(join(raw, file)));
      }
      // The bucket outlives one test run: no stale output may pass.
      for (const output of outputs) await store.remove(output);
      const { dir, cleanup } = await emulatedSandbox(target);
      dirs.push(...cleanup);

      const run = await ferry(["run", "--env", target, "--target", target, "--emulate"], dir);
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stderr).toMatch(new RegExp(`Emulating ${target} at http://127\\.0\\.0\\.1:\\d+`));
      const record = JSON.parse(readFileSync(join(dir, `.ferry/runs/${runIdOf(run.stdout)}.json`), "utf8"));
      const nodes = Object.values(record.nodes as Record<string, { status: string }>);
      expect(nodes.map((n) => n.status)).toEqual(Array(6).fill("succeeded"));
      expect(record.handle.url).toMatch(
        target === "vertexai"
          ? /^https:\/\/console\.cloud\.google\.com\/vertex-ai\/locations\/us-central1\/pipelines\/runs\//
          : /\/#\/runs\/details\/[0-9a-f-]{36}$/,
      );

      const reference = await ferry(["run"], local);
      expect(reference.code, reference.stderr).toBe(0);
      for (const output of outputs) {
        expect((await store.get(output)).equals(readFileSync(join(local, "data", output))), output).toBe(true);
      }
    },
  );
});
