// `ferry package` on spaceflights: the bundle, copied into an empty folder outside the repo,
// runs every step of a compiled plan with nothing but Node 24 on PATH, and its outputs equal
// an in-process `ferry run` on the same data.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSandbox, ferry, generate, node24 } from "./support.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function sandboxWithData(): Promise<string> {
  const dir = createSandbox();
  dirs.push(dir);
  const generated = await generate(["--rows", "1000", "--out", join(dir, "data/01_raw")]);
  expect(generated.code, generated.stderr).toBe(0);
  return dir;
}

describe("ferry package", () => {
  it("builds a bundle that runs spaceflights' steps from an empty folder with only Node", async () => {
    const [packaged, reference] = await Promise.all([sandboxWithData(), sandboxWithData()]);
    const pkg = await ferry(["package", "--json"], packaged);
    expect(pkg.code, pkg.stderr).toBe(0);
    const bundle = JSON.parse(pkg.stdout) as { dir: string; digest: string; deps: { packages: object } };
    expect(Object.keys(bundle.deps.packages)).toEqual(["nodejs-polars"]);
    const again = await ferry(["package", "--json"], packaged);
    expect(JSON.parse(again.stdout).digest, "same sources, same bundle").toBe(bundle.digest);

    const compiled = await ferry(["compile", "--run-id", "pkg", "--json"], packaged);
    expect(compiled.code, compiled.stderr).toBe(0);
    const planFile = join(packaged, ".ferry/compiled/local/plan.json");
    const plan = JSON.parse(readFileSync(planFile, "utf8")) as { steps: { id: string }[] };

    const empty = mkdtempSync(join(tmpdir(), "ferry-bundle-"));
    dirs.push(empty);
    cpSync(bundle.dir, empty, { recursive: true, dereference: true });
    const onlyNode = { PATH: [dirname(node24()), "/usr/bin", "/bin"].join(":"), HOME: empty };
    for (const step of plan.steps) {
      const args = ["run-node", "--plan", planFile, "--step", step.id, "--run-id", "pkg"];
      const result = spawnSync(join(empty, "bin/ferry"), args, { cwd: empty, env: onlyNode, encoding: "utf8" });
      expect(result.status, `${step.id}: ${result.stdout}${result.stderr}`).toBe(0);
    }

    const run = await ferry(["run"], reference);
    expect(run.code, run.stderr).toBe(0);
    for (const output of ["03_primary/model_input_table.parquet", "08_reporting/metrics.json"]) {
      const fromBundle = readFileSync(join(packaged, "data", output));
      expect(fromBundle.equals(readFileSync(join(reference, "data", output))), output).toBe(true);
    }
  });

  it("prints the bundle's digest, folder, sizes and how to run a step", async () => {
    const dir = await sandboxWithData();
    const result = await ferry(["package"], dir);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^Bundle sha256:[0-9a-f]{64} \(\d+\.\d s\)$/);
    expect(lines[1]).toMatch(/^ {2}\.ferry\/bundles\/[0-9a-f]{16}$/);
    expect(lines[2]).toMatch(/^ {2}app {3}\d+\.\d MB in \d+ files$/);
    expect(lines[3]).toMatch(/^ {2}deps {2}\d+\.\d MB: nodejs-polars@[\d.]+ \(linux\/x64\)$/);
    expect(lines[4]).toContain("/bin/ferry run-node --plan <uri> --step <id> --run-id <id>");
  });
});
