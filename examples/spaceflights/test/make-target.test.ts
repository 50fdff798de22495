import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { createSandbox, exampleDir, ferry, generate, runIdOf } from "./support.ts";

// Inside the example, so the project's dependencies (ferry-runner-make among them) resolve.
const sandboxes = join(exampleDir, ".sandboxes");
afterAll(() => rmSync(sandboxes, { recursive: true, force: true }));

it("runs spaceflights end to end on the make target of examples/custom-runner", async () => {
  const dir = createSandbox("make-", sandboxes);
  expect((await generate(["--rows", "1000", "--out", join(dir, "data/01_raw")])).code).toBe(0);
  const result = await ferry(["run", "--target", "make"], dir);
  expect(result.code, result.stderr).toBe(0);
  const id = runIdOf(result.stdout) as string;
  const record = JSON.parse(readFileSync(join(dir, ".ferry/runs", `${id}.json`), "utf8"));
  expect(record).toMatchObject({ target: "make", status: "succeeded" });
  expect(Object.values(record.nodes).map((n) => (n as { status: string }).status)).toEqual(Array(6).fill("succeeded"));
  const metrics = JSON.parse(readFileSync(join(dir, "data/08_reporting/metrics.json"), "utf8"));
  expect(Number.isFinite(metrics.r2_score)).toBe(true);
  expect((await ferry(["logs", id], dir)).stdout).toMatch(
    /^\S+Z \[evaluate_model_node\] Model has a coefficient R\^2 of 0\.\d{3} on test data\.\n$/,
  );
});
