import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { plan } from "@ferry/core";
import { type PlanDataset, type PlanStep, wrapPlugin } from "@ferry/core/plugin";
import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** Tier 3: what `package` produces is content-addressed and runs a step's `run-node`. */
export function packageSuite(ctx: SuiteContext): void {
  const planAndPackage = async (root: string) => {
    const session = await ctx.open(root);
    const thePlan = plan(session, session.pipeline("diamond"), { runId: "conformance", pipelineName: "diamond" });
    const runtime = wrapPlugin(ctx.plugin(), ctx.harness.options(root), {
      runId: "conformance",
      projectRoot: root,
      logger: silent,
    });
    return { thePlan, artifact: await runtime.package(thePlan) };
  };
  const packageOf = async (root: string) => (await planAndPackage(root)).artifact;

  describe("package", () => {
    it("is content-addressed: same sources, same artifact; a one-line change, a new one", async ({ skip }) => {
      const root = await ctx.project();
      const first = await packageOf(root);
      if (first.kind === "none") skip("the target packages nothing: it runs the project in place");
      expect(first.digest, "an image or bundle names its content digest").toMatch(/^sha256:[0-9a-f]{64}$/);
      expect((await packageOf(root)).digest).toBe(first.digest);
      // A line of code (a bundler drops comments, and a comment changes no artifact's behaviour).
      appendFileSync(join(root, "ferry.config.ts"), '\nexport const oneLineChange = "changed";\n');
      expect((await packageOf(root)).digest).not.toBe(first.digest);
    });

    it(`runs a step's run-node command from the artifact${ctx.harness.runArtifact ? "" : " — skipped: no harness.runArtifact"}`, async ({
      skip,
    }) => {
      const run = ctx.harness.runArtifact;
      if (!run) return skip("the harness cannot run artifacts (harness.runArtifact)");
      const root = await ctx.project();
      const { thePlan, artifact } = await planAndPackage(root);
      if (artifact.kind === "none") return skip("the target packages nothing: it runs the project in place");
      const planPath = fileURLToPath(thePlan.planUri);
      mkdirSync(dirname(planPath), { recursive: true });
      writeFileSync(planPath, JSON.stringify(thePlan));
      const first = thePlan.steps[0] as PlanStep;
      expect(await run(artifact, first, root)).toBe(0);
      for (const [name, dataset] of Object.entries(thePlan.datasets) as [string, PlanDataset][]) {
        if (dataset.producer === first.nodes[0] && dataset.uri) {
          expect((await ctx.read(dataset.uri)).length, `output ${name} of step ${first.id}`).toBeGreaterThan(0);
        }
      }
    });
  });
}
