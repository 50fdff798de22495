import { FerryError } from "../errors/ferry-error.ts";
import type { ExecutionPlan } from "../plan/plan.ts";
import type { EventSink } from "../runner/events.ts";
import { execute } from "../runner/execute.ts";
import type { ScheduleResult } from "../runner/schedule.ts";
import { bindSession, type SessionSpec } from "../session/session.ts";
import { didYouMean } from "../suggest.ts";

/** The session a plan describes, bound in the project at `root` (no config is read). */
export function specFromPlan(plan: ExecutionPlan, root: string): SessionSpec {
  return {
    root,
    env: plan.env,
    paramOverrides: plan.session.paramOverrides,
    params: { ...plan.params },
    entries: Object.entries(plan.datasets)
      .filter(([, d]) => d.role !== "memory")
      .map(([name, d]) => ({
        name,
        type: d.type,
        uri: d.uri,
        versioned: d.versioned,
        loadArgs: d.loadArgs,
        saveArgs: d.saveArgs,
      })),
    versions: { save: plan.session.saveVersion, load: plan.session.loadVersions },
    targets: {},
    resources: {},
  };
}

/**
 * Run one step of a plan in this process: load its inputs (datasets and intermediates of
 * earlier steps), run its nodes in order, save its outputs.
 */
export async function runStep(options: {
  readonly plan: ExecutionPlan;
  readonly step: string;
  readonly root: string;
  readonly emit: EventSink;
}): Promise<ScheduleResult> {
  const { plan, emit } = options;
  const step = plan.steps.find((s) => s.id === options.step);
  if (step === undefined) {
    throw new FerryError("USAGE_INVALID", {
      message: `The plan of run ${plan.runId} has no step '${options.step}'.${didYouMean(
        options.step,
        plan.steps.map((s) => s.id),
      )}`,
      hint: `Steps: ${plan.steps.map((s) => s.id).join(", ")}.`,
    });
  }
  const session = await bindSession(specFromPlan(plan, options.root));
  const pipeline = session.pipeline(plan.pipeline).only({ nodes: step.nodes });
  return execute({ session, pipeline, pipelineName: plan.pipeline, runId: plan.runId, emit });
}
