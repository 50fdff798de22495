import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const vitest = join(root, "node_modules/vitest/vitest.mjs");

/** Run the suite on a broken plugin in a separate vitest; the names of the tests that failed. */
function failedTests(kind: string): { code: number | null; failed: string[] } {
  const out = join(mkdtempSync(join(tmpdir(), "ferry-broken-")), "report.json");
  const r = spawnSync(
    process.execPath,
    [vitest, "run", "--config", "test/fixtures/vitest.config.ts", "--reporter=json", `--outputFile=${out}`],
    { cwd: root, env: { ...process.env, BROKEN: kind } },
  );
  const report = JSON.parse(readFileSync(out, "utf8")) as {
    testResults: { assertionResults: { title: string; status: string }[] }[];
  };
  const failed = report.testResults.flatMap((f) =>
    f.assertionResults.filter((a) => a.status === "failed").map((a) => a.title),
  );
  return { code: r.status, failed };
}

describe("the suite fails broken plugins", () => {
  it("a compile that drops an edge fails the DAG check", () => {
    const { code, failed } = failedTests("wrong-edge");
    expect(code).not.toBe(0);
    expect(failed.some((t) => t.startsWith("runs exactly the plan's steps and edges (diamond"))).toBe(true);
  });

  it("a nondeterministic compile fails the determinism check", () => {
    const { code, failed } = failedTests("nondeterministic");
    expect(code).not.toBe(0);
    expect(failed).toContain("is byte-identical when compiled twice (diamond)");
  });

  it("a target that swallows a node failure fails the failure check", () => {
    const { code, failed } = failedTests("swallowed");
    expect(code).not.toBe(0);
    expect(failed).toEqual(["reports a failing node as a failed run naming the node"]);
  });
});
