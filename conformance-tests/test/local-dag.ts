import type { CompiledSpec, ExecutionPlan } from "@ferry/core/plugin";

/** The local target's native spec is the plan itself: read its steps and edges. */
export function localDag(compiled: CompiledSpec) {
  const plan = JSON.parse(compiled.files["plan.json"] ?? "{}") as ExecutionPlan;
  return {
    steps: plan.steps.map((s) => s.id),
    edges: plan.steps.flatMap((s) => s.dependsOn.map((d) => [d, s.id] as const)),
  };
}
