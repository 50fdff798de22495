import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.ts";

/** Tier 6, opt-in: the diamond on the real cloud, with FERRY_CONFORMANCE_LIVE=1 and harness.live. */
export function liveSuite(ctx: SuiteContext): void {
  const live = ctx.harness.live;
  const on = process.env.FERRY_CONFORMANCE_LIVE === "1" && live !== undefined;
  const why = on
    ? ""
    : live
      ? " — skipped: set FERRY_CONFORMANCE_LIVE=1 to spend real cloud time"
      : " — skipped: no harness.live";
  describe("live cloud", () => {
    it.skipIf(!on)(`runs the diamond on the real target${why}`, { timeout: 3_600_000 }, async () => {
      const root = await ctx.project();
      const record = await ctx.runOnTarget(root, "diamond", { options: live?.options(root) });
      expect(record.status, JSON.stringify(record.error)).toBe("succeeded");
    });
  });
}
