import { FerryError } from "@ferry/core";
import type { ArtifactRef, CompiledSpec, Installed, ScheduleRequest } from "@ferry/core/plugin";
import { bindPipeline } from "./bound.ts";
import { equalsFilter, kfp } from "./client.ts";
import { experimentId } from "./experiments.ts";
import type { KubeflowOptions } from "./options.ts";

/** The parts of a v2beta1 `RecurringRun` Ferry reads. */
interface RecurringRun {
  readonly recurring_run_id?: string;
  readonly display_name?: string;
}

export const recurringRunPage = (options: Pick<KubeflowOptions, "url">, id: string) =>
  `${options.url}/#/recurringrun/details/${id}`;

/**
 * `ferry schedule` on Kubeflow: a recurring run named `request.name` in the experiment, with
 * the compiled pipeline inline and a cron trigger (KFP's crons have a seconds field first).
 * KFP cannot update a recurring run, so an existing one of that name is deleted and created
 * again. Each run it starts gets its own intermediates (the steps take the run's uuid).
 */
export async function scheduleKubeflow(
  options: KubeflowOptions,
  compiled: CompiledSpec,
  artifact: ArtifactRef,
  request: ScheduleRequest,
): Promise<Installed> {
  if (request.timeZone !== options.cronTimeZone) {
    throw new FerryError("USAGE_INVALID", {
      message: `Kubeflow Pipelines reads crons in its controller's time zone (${options.cronTimeZone}); a recurring run cannot carry '${request.timeZone}'.`,
      hint: `Pass --timezone ${options.cronTimeZone} with the hours shifted, or set cronTimeZone in the kubeflow target's options to the zone the cluster's scheduled-workflow controller uses (CRON_SCHEDULE_TIMEZONE).`,
      details: { plugin: "kubeflow", phase: "schedule" },
    });
  }
  const bound = bindPipeline(compiled, artifact, "schedule");
  const experiment = await experimentId(options, bound.run.experiment, "schedule");
  const found = await kfp<{ recurringRuns?: RecurringRun[]; recurring_runs?: RecurringRun[] }>(options, {
    method: "GET",
    path: "/recurringruns",
    query: {
      namespace: options.namespace,
      experiment_id: experiment,
      filter: equalsFilter("display_name", request.name),
    },
    phase: "schedule",
    what: `look for the schedule '${request.name}'`,
  });
  // The API server's list answer names its field `recurringRuns` (the proto's own spelling).
  const existing = [...(found.recurringRuns ?? found.recurring_runs ?? [])].filter(
    (r) => r.display_name === request.name,
  );
  for (const old of existing) {
    await kfp(options, {
      method: "DELETE",
      path: `/recurringruns/${encodeURIComponent(old.recurring_run_id ?? "")}`,
      phase: "schedule",
      what: `replace the schedule '${request.name}'`,
    });
  }
  const created = await kfp<RecurringRun>(options, {
    method: "POST",
    path: "/recurringruns",
    json: {
      display_name: request.name,
      description: `Ferry pipeline '${bound.spec.pipelineInfo.name}', scheduled with ferry schedule`,
      pipeline_spec: bound.platformSpec ? { pipeline_spec: bound.spec, platform_spec: bound.platformSpec } : bound.spec,
      runtime_config: { parameters: {}, pipeline_root: options.storageRoot },
      ...(options.serviceAccount ? { service_account: options.serviceAccount } : {}),
      max_concurrency: "1",
      trigger: { cron_schedule: { cron: `0 ${request.cron}` } },
      mode: request.paused ? "DISABLE" : "ENABLE",
      no_catchup: true,
      experiment_id: experiment,
      ...(options.namespace ? { namespace: options.namespace } : {}),
    },
    phase: "schedule",
    what: `create the schedule '${request.name}'`,
  });
  const id = created.recurring_run_id ?? "";
  return {
    target: "kubeflow",
    id,
    url: recurringRunPage(options, id),
    summary: `schedule '${request.name}' ${existing.length > 0 ? "replaced" : "created"}: ${request.cron} (${request.timeZone})${request.paused ? ", paused" : ""}`,
    data: { recurringRunId: id, experimentId: experiment },
  };
}
