import type { ExecutionPlan } from "../plan/plan.ts";
import type { ArtifactRef, CompiledSpec } from "../plugin/contract.ts";
import type { PluginRuntime } from "../plugin/wrap.ts";
import type { Session } from "../session/session.ts";

/**
 * What every remote phase (submit, schedule, deploy) starts from: preflight, compile and
 * package the plan, then store it at its `planUri` under the storage root, where each step's
 * `run-node` reads it.
 */
export async function stageRun(
  runtime: PluginRuntime,
  session: Session,
  plan: ExecutionPlan,
  phase: (name: "preflight" | "compile" | "package") => void = () => {},
): Promise<{ compiled: CompiledSpec; artifact: ArtifactRef }> {
  phase("preflight");
  await runtime.preflight(plan);
  phase("compile");
  const compiled = await runtime.compile(plan);
  phase("package");
  const artifact = await runtime.package(plan);
  // A plan kept beside the run's intermediates (a target with a storage root, see plan()) is
  // what remote steps read; a local plan is written by the local runner if its steps need it.
  if (plan.planUri.startsWith(`${plan.storageRoot}/`)) {
    await session.catalog.services.storage
      .driverFor(plan.planUri)
      .write(plan.planUri, new TextEncoder().encode(JSON.stringify(plan)));
  }
  return { compiled, artifact };
}
