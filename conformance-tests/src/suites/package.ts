import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { plan } from "@ferry/core";
import { wrapPlugin } from "@ferry/core/plugin";
import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** Tier 3: what `package` produces is content-addressed. */
export function packageSuite(ctx: SuiteContext): void {
  const packageOf = async (root: string) => {
    const session = await ctx.open(root);
    const thePlan = plan(session, session.pipeline("diamond"), { runId: "conformance", pipelineName: "diamond" });
    const runtime = wrapPlugin(ctx.plugin(), ctx.harness.options(root), {
      runId: "conformance",
      projectRoot: root,
      logger: silent,
    });
    return runtime.package(thePlan);
  };

  describe("package", () => {
    it("is content-addressed: same sources, same artifact; a one-line change, a new one", async ({ skip }) => {
      const root = ctx.project();
      const first = await packageOf(root);
      if (first.kind === "none") skip("the target packages nothing: it runs the project in place");
      expect(first.digest, "an image or bundle names its content digest").toMatch(/^sha256:[0-9a-f]{64}$/);
      expect((await packageOf(root)).digest).toBe(first.digest);
      appendFileSync(join(root, "ferry.config.ts"), "\n// a one-line change\n");
      expect((await packageOf(root)).digest).not.toBe(first.digest);
    });
  });
}
