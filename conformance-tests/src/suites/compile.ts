import { plan } from "@ferry/core";
import { wrapPlugin } from "@ferry/core/plugin";
import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** Tier 2: compile is deterministic and the native DAG is the plan's DAG. */
export function compileSuite(ctx: SuiteContext): void {
  const compile = async (pipeline: string, grouping: "none" | "tags" = "none") => {
    const root = await ctx.project();
    const session = await ctx.open(root);
    const thePlan = plan(session, session.pipeline(pipeline), {
      runId: "conformance",
      pipelineName: pipeline,
      grouping,
    });
    const plugin = ctx.plugin();
    const options = ctx.harness.options(root);
    const runtime = () => wrapPlugin(plugin, options, { runId: "conformance", projectRoot: root, logger: silent });
    return { thePlan, first: await runtime().compile(thePlan), second: await runtime().compile(thePlan) };
  };

  describe("compile", () => {
    it.each(["diamond", "types", "wide"])("is byte-identical when compiled twice (%s)", async (pipeline) => {
      const { first, second } = await compile(pipeline);
      expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    });

    it.skipIf(!ctx.harness.dag).each([
      ["diamond", "none"],
      ["wide", "none"],
      ["grouped", "tags"],
    ] as const)(
      `runs exactly the plan's steps and edges (%s, grouping %s)${ctx.harness.dag ? "" : " — skipped: no harness.dag"}`,
      async (pipeline, grouping) => {
        const { thePlan, first } = await compile(pipeline, grouping);
        const dag = ctx.harness.dag?.(first);
        const edges = thePlan.steps.flatMap((s) => s.dependsOn.map((d) => `${d} -> ${s.id}`)).sort();
        expect([...(dag?.steps ?? [])].sort()).toEqual(thePlan.steps.map((s) => s.id).sort());
        expect((dag?.edges ?? []).map(([a, b]) => `${a} -> ${b}`).sort()).toEqual(edges);
      },
    );
  });
}
