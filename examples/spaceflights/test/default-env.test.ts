// The default env on generated data: scripts/generate.ts is deterministic, and `ferry run`
// runs all six nodes on its output and reports a finite r². Runs happen in a sandbox (see
// createSandbox) so the example's own data/ and .ferry/ are left alone.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILD, cliBin, createSandbox, ferry, generate, type RunRecord, runIdOf } from "./support.ts";

const RAW_FILES = ["companies.csv", "reviews.csv", "shuttles.csv"];
const NODES = [
  "create_model_input_table_node",
  "evaluate_model_node",
  "preprocess_companies_node",
  "preprocess_shuttles_node",
  "split_data_node",
  "train_model_node",
];

const sandboxes: string[] = [];
function sandbox(): string {
  const dir = createSandbox();
  sandboxes.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of sandboxes) rmSync(dir, { recursive: true, force: true });
});

async function generated(dir: string, ...flags: string[]): Promise<Buffer[]> {
  const out = join(dir, "data/01_raw");
  const result = await generate(["--rows", "1000", "--out", out, ...flags]);
  expect(result.code, result.stderr).toBe(0);
  return RAW_FILES.map((f) => readFileSync(join(out, f)));
}

describe("scripts/generate.ts", () => {
  it("writes byte-identical files for the same seed and different ones for another seed", async () => {
    const [a, b, c] = await Promise.all([
      generated(sandbox(), "--seed", "7"),
      generated(sandbox(), "--seed", "7"),
      generated(sandbox(), "--seed", "8"),
    ]);
    RAW_FILES.forEach((file, i) => {
      expect((a[i] as Buffer).equals(b[i] as Buffer), `${file}: same seed, different bytes`).toBe(true);
      expect((a[i] as Buffer).equals(c[i] as Buffer), `${file}: seeds 7 and 8 gave the same bytes`).toBe(false);
    });
  });

  it("defaults to seed 42", async () => {
    const [implicit, explicit] = await Promise.all([generated(sandbox()), generated(sandbox(), "--seed", "42")]);
    RAW_FILES.forEach((file, i) => {
      expect((implicit[i] as Buffer).equals(explicit[i] as Buffer), file).toBe(true);
    });
  });
});

describe("ferry run (default env) on 1,000 generated rows", () => {
  let project: string;
  let record: RunRecord;

  beforeAll(async () => {
    if (!existsSync(cliBin)) throw new Error(`${cliBin} is missing: build the workspace first (\`${BUILD}\`).`);
    project = sandbox();
    await generated(project);
    const result = await ferry(["run"], project);
    if (result.code !== 0)
      throw new Error(`ferry run failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
    const id = runIdOf(result.stdout);
    if (id === undefined) throw new Error(`No run id in the CLI output:\n${result.stdout}`);
    record = JSON.parse(readFileSync(join(project, ".ferry/runs", `${id}.json`), "utf8")) as RunRecord;
  });

  it("runs all six nodes successfully", () => {
    expect(record.status).toBe("succeeded");
    expect(record.pipeline).toBe("__default__");
    expect(Object.keys(record.nodes).sort()).toEqual(NODES);
    for (const [name, node] of Object.entries(record.nodes)) expect(node.status, name).toBe("succeeded");
  });

  it("writes every persisted output", () => {
    for (const path of [
      "data/02_intermediate/preprocessed_companies.parquet",
      "data/02_intermediate/preprocessed_shuttles.parquet",
      "data/03_primary/model_input_table.parquet",
      "data/08_reporting/metrics.json",
    ]) {
      expect(existsSync(join(project, path)), path).toBe(true);
    }
    // regressor is versioned: data/06_models/regressor.json/<version>/regressor.json
    expect(readdirSync(join(project, "data/06_models/regressor.json"))).toHaveLength(1);
  });

  it("writes metrics.json with a finite r2_score", () => {
    const metrics = JSON.parse(readFileSync(join(project, "data/08_reporting/metrics.json"), "utf8")) as {
      r2_score: unknown;
    };
    expect(typeof metrics.r2_score).toBe("number");
    expect(Number.isFinite(metrics.r2_score)).toBe(true);
    expect(metrics.r2_score as number).toBeLessThanOrEqual(1);
  });
});
