import { FerryError } from "@ferry/core";
import { defineRunnerPlugin, type Stability, validatePluginOptions } from "@ferry/core/plugin";
import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.ts";

const LEVELS: readonly Stability[] = ["stable", "experimental", "limited", "deprecated", "unsupported"];

/** Tier 1: the plugin keeps the contract and validates its options. */
export function contractSuite(ctx: SuiteContext): void {
  describe("contract and options", () => {
    it("is a valid runner plugin of contract 1 with known stability levels", () => {
      const plugin = defineRunnerPlugin(ctx.plugin());
      expect(plugin.contract).toBe(1);
      for (const [capability, level] of Object.entries(plugin.capabilities)) {
        expect(LEVELS, `capability ${capability}`).toContain(level);
      }
    });

    it("accepts the harness's options", async () => {
      await expect(
        validatePluginOptions(ctx.plugin(), ctx.harness.options(await ctx.project()), "harness"),
      ).resolves.toBeDefined();
    });

    it.skipIf(!ctx.harness.invalidOptions?.length)(
      `rejects invalid options with key paths${ctx.harness.invalidOptions?.length ? "" : " — skipped: the harness gives no invalidOptions"}`,
      async () => {
        for (const bad of ctx.harness.invalidOptions ?? []) {
          const error = await validatePluginOptions(ctx.plugin(), bad, "harness").then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(
            FerryError.is(error, "PLUGIN_OPTIONS_INVALID"),
            `options ${JSON.stringify(bad)} must be rejected`,
          ).toBe(true);
        }
      },
    );
  });
}
