import { FerryError } from "@ferry/core";
import type { CommandContext } from "../context.ts";
import { json, table } from "../render/output.ts";
import { planForTarget, type TargetFlags } from "./target.ts";

/** Step → nodes → placement on the target, with the target's warnings. */
export async function explainCommand(
  flags: TargetFlags & { json?: boolean },
  { output }: CommandContext,
): Promise<number> {
  const { target, pipelineName, thePlan, runtime } = await planForTarget(flags, "explain", output);
  const preflight = await runtime.preflight(thePlan).then(
    () => [] as string[],
    (error: unknown) => {
      if (!FerryError.is(error, "PREFLIGHT_FAILED")) throw error;
      return (error.details.problems as { message: string }[]).map((p) => p.message);
    },
  );
  const placements = new Map((await runtime.explain(thePlan))?.map((p) => [p.step, p]) ?? []);
  const steps = thePlan.steps.map((s) => ({
    step: s.id,
    nodes: s.nodes,
    dependsOn: s.dependsOn,
    fused: s.fused,
    resources: s.resources,
    placement: placements.get(s.id)?.placement ?? null,
    warnings: placements.get(s.id)?.warnings ?? [],
  }));
  const intermediates = Object.entries(thePlan.datasets)
    .filter(([, d]) => d.role === "intermediate")
    .map(([name]) => name);
  if (flags.json) {
    output.out(json({ target, pipeline: pipelineName, steps, intermediates, preflight }));
    return 0;
  }
  output.out(`Target ${target} · pipeline ${pipelineName} · ${steps.length} steps`);
  output.out(
    table(
      ["step", "nodes", "after", "placement"],
      steps.map((s) => [s.step, s.nodes.join(", "), s.dependsOn.join(", ") || "-", s.placement ?? "-"]),
    ),
  );
  for (const s of steps) if (s.fused.length > 0) output.out(`${s.step}: fused: ${s.fused.join("; ")}`);
  for (const s of steps) for (const w of s.warnings) output.out(`warning: ${s.step}: ${w}`);
  if (intermediates.length > 0) output.out(`\nStored between steps (run-scoped): ${intermediates.join(", ")}`);
  for (const problem of preflight) output.out(`preflight: ${problem}`);
  return 0;
}
