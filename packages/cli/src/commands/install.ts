import { createRunId, FerryError, scheduleRequest, stageRun } from "@ferry/core";
import type { Installed } from "@ferry/core/plugin";
import type { CommandContext } from "../context.ts";
import { json } from "../render/output.ts";
import { planForTarget, type TargetFlags } from "./target.ts";

export interface InstallFlags extends TargetFlags {
  json?: boolean;
  cron?: string;
  name?: string;
  timezone?: string;
  paused?: boolean;
}

/**
 * `ferry schedule` and `ferry deploy`: plan, preflight, compile and package as for a run, then
 * install the pipeline on the target (a cron schedule, or a pipeline version for UI users).
 */
export async function installCommand(
  kind: "schedule" | "deploy",
  flags: InstallFlags,
  { output }: CommandContext,
): Promise<number> {
  const target = flags.target ?? "local";
  const runId = createRunId();
  const { session, runtime, thePlan, pipelineName } = await planForTarget(flags, runId, output);
  if (!runtime.supports(kind)) {
    throw new FerryError("CAPABILITY_UNSUPPORTED", {
      message: `Target '${target}' cannot ${kind === "schedule" ? "schedule runs" : "deploy pipelines"}.`,
      hint: `See which targets can: ferry targets (column ${kind}).`,
    });
  }
  const request =
    kind === "schedule"
      ? scheduleRequest({
          cron: flags.cron,
          name: flags.name ?? defaultName(session.project.config.name, pipelineName),
          timeZone: flags.timezone,
          paused: flags.paused,
        })
      : undefined;
  const { compiled, artifact } = await stageRun(runtime, session, thePlan);
  const installed: Installed = request
    ? await runtime.schedule(compiled, artifact, request)
    : await runtime.deploy(compiled, artifact);
  if (flags.json) {
    output.out(json({ ...installed, runId, image: artifact.uri ?? null }));
    return 0;
  }
  output.out(`${output.style("green", "✔")} ${installed.summary}`);
  if (installed.url) output.out(`  ${installed.url}`);
  output.out(`  plan ${thePlan.planUri} · image ${artifact.uri ?? "-"}`);
  return 0;
}

function defaultName(project: string, pipeline: string): string {
  const base = pipeline === "__default__" ? project : `${project}-${pipeline}`;
  return (
    base
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 128) || "ferry"
  );
}
