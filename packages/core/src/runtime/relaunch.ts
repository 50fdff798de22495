import { FerryError } from "../errors/ferry-error.ts";
import type { ExecutionPlan } from "../plan/plan.ts";

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * The plan as run under another run id: a platform relaunching or scheduling a compiled
 * pipeline passes its own job id (`--run-id {{$.pipeline_job_uuid}}`), so each launch keeps
 * its intermediates under `<storageRoot>/<that id>/` instead of sharing the compiled run's.
 */
export function relaunchPlan(plan: ExecutionPlan, runId: string): ExecutionPlan {
  if (runId === plan.runId) return plan;
  if (!RUN_ID.test(runId)) {
    throw new FerryError("USAGE_INVALID", {
      message: `--run-id '${runId}' is not a run id (letters, digits, '.', '_' and '-', at most 128, starting with a letter or digit).`,
      hint: "Pass the platform's job id, or the plan's own run id.",
    });
  }
  const from = `${plan.storageRoot}/${plan.runId}/`;
  const to = `${plan.storageRoot}/${runId}/`;
  const datasets = Object.fromEntries(
    Object.entries(plan.datasets).map(([name, d]) => [
      name,
      d.role === "intermediate" && d.uri?.startsWith(from) ? { ...d, uri: to + d.uri.slice(from.length) } : d,
    ]),
  );
  return { ...plan, runId, datasets };
}
