import type { ArtifactRef, CompiledSpec, Installed, ScheduleRequest } from "@ferry/core/plugin";
import { type Schedule, vertexClients, vertexError } from "./client.ts";
import { pipelineJob } from "./jobs.ts";
import type { VertexOptions } from "./options.ts";

const scheduleUrl = (options: VertexOptions) =>
  `https://console.cloud.google.com/vertex-ai/pipelines/schedules?project=${options.project}`;

/**
 * Create the schedule `request.name` (its display name), or replace the cron and pipeline of
 * the one that exists. Each run it starts is its own pipeline job, with its own intermediates
 * (the compiled steps take the job's uuid as run id).
 */
export async function scheduleVertex(
  options: VertexOptions,
  compiled: CompiledSpec,
  artifact: ArtifactRef,
  runId: string,
  request: ScheduleRequest,
): Promise<Installed> {
  const { schedules, parent } = await vertexClients(options, "schedule");
  const { job } = await pipelineJob(options, compiled, artifact, runId, "schedule");
  const cron = `TZ=${request.timeZone} ${request.cron}`;
  const wanted: Schedule = {
    displayName: request.name,
    cron,
    createPipelineJobRequest: { parent, pipelineJob: job },
    maxConcurrentRunCount: 1,
  };
  try {
    const [found] = await schedules.listSchedules(
      { parent, filter: `display_name="${request.name}"` },
      { autoPaginate: true },
    );
    const existing = found.find((s) => s.displayName === request.name);
    let schedule: Schedule;
    let verb: string;
    if (existing?.name) {
      [schedule] = await schedules.updateSchedule({
        schedule: { ...wanted, name: existing.name },
        updateMask: { paths: ["cron", "create_pipeline_job_request", "max_concurrent_run_count"] },
      });
      verb = "replaced";
    } else {
      [schedule] = await schedules.createSchedule({ parent, schedule: wanted });
      verb = "created";
    }
    const name = schedule.name ?? existing?.name ?? "";
    const paused = String(schedule.state ?? existing?.state ?? "") === "PAUSED";
    if (request.paused && !paused) await schedules.pauseSchedule({ name });
    if (!request.paused && paused) await schedules.resumeSchedule({ name });
    return {
      target: "vertexai",
      id: name,
      url: scheduleUrl(options),
      summary: `schedule '${request.name}' ${verb}: ${request.cron} (${request.timeZone})${request.paused ? ", paused" : ""}`,
      data: { name, cron },
    };
  } catch (error) {
    throw vertexError(error, "schedule");
  }
}
