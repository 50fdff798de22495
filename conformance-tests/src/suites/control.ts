import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.ts";

/** Tier 5 (API faults): throttling is retried, refused credentials are reported clearly. */
export function controlSuite(ctx: SuiteContext): void {
  const faults = ctx.harness.faults;
  const why = faults ? "" : " — skipped: the target has no API to fault (harness.faults)";
  describe("control plane under API faults", () => {
    it.skipIf(!faults)(`retries a throttled API and still succeeds${why}`, async () => {
      faults?.throttle(2);
      try {
        const record = await ctx.runOnTarget(await ctx.project(), "diamond");
        expect(record.status, JSON.stringify(record.error)).toBe("succeeded");
      } finally {
        faults?.reset();
      }
    });

    it.skipIf(!faults)(`reports refused credentials as TARGET_AUTH_FAILED${why}`, async () => {
      faults?.rejectCredentials();
      try {
        const record = await ctx.runOnTarget(await ctx.project(), "diamond");
        expect(record.status).toBe("failed");
        expect(record.error?.code).toBe("TARGET_AUTH_FAILED");
      } finally {
        faults?.reset();
      }
    });
  });
}
