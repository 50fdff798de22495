import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.ts";
import { REFERENCE_OUTPUTS } from "../reference.ts";

/** Tiers 4–5: the target runs the reference pipelines to the same outputs, reports failure and cancels. */
export function executeSuite(ctx: SuiteContext): void {
  describe("execute and control plane", () => {
    // 200 steps can mean 200 processes or containers: give the wide run time.
    it.each(["diamond", "types", "grouped", "wide"])(
      "runs %s to success with outputs byte-identical to a local run",
      { timeout: 600_000 },
      async (pipeline) => {
        const expected = await ctx.runLocally(pipeline);
        const root = await ctx.project();
        const record = await ctx.runOnTarget(root, pipeline);
        expect(record.status, JSON.stringify(record.error)).toBe("succeeded");
        const session = await ctx.open(root);
        const local = await ctx.open(expected.root);
        for (const dataset of REFERENCE_OUTPUTS[pipeline] ?? []) {
          const got = await ctx.read(session.catalog.describe(dataset).uri as string);
          const want = await ctx.read(local.catalog.describe(dataset).uri as string);
          expect(Buffer.from(got).equals(Buffer.from(want)), `dataset ${dataset}`).toBe(true);
        }
        const steps = Object.values(record.nodes);
        expect(steps.length).toBeGreaterThan(0);
        expect(steps.every((s) => s.status === "succeeded")).toBe(true);
      },
    );

    it("reports a failing node as a failed run naming the node", async () => {
      const record = await ctx.runOnTarget(await ctx.project(), "diamond", { params: ["fail=true"] });
      expect(record.status).toBe("failed");
      expect(`${record.error?.node ?? ""} ${record.error?.message ?? ""}`).toContain("fan_in");
    });

    it("runs or refuses a GPU request as its gpu capability says", async () => {
      const gpu = ctx.plugin().capabilities.gpu ?? "unsupported";
      const record = await ctx.runOnTarget(await ctx.project(), "resources");
      if (gpu === "unsupported") {
        expect(record.error?.code).toBe("PREFLIGHT_FAILED");
      } else {
        expect(record.status).toBe("succeeded");
      }
    });

    const cancel = ctx.plugin().capabilities.cancel ?? "unsupported";
    it.skipIf(cancel === "unsupported")(
      `cancels a running run${cancel === "unsupported" ? " — skipped: capability cancel is unsupported" : ""}`,
      async () => {
        const controller = new AbortController();
        const record = await ctx.runOnTarget(await ctx.project(), "slow", {
          params: ["sleep_ms=1500"],
          signal: controller.signal,
          onSubmitted: () => setTimeout(() => controller.abort(), 300),
        });
        expect(record.status, JSON.stringify(record.error)).toBe("cancelled");
        expect(record.nodes.after_wait).toBeUndefined();
      },
    );
  });
}
