import { DEFAULT_PIPELINE, type ExecutionPlan } from "@ferry/core";
import { KFP_LIMITS } from "./limits.ts";

/**
 * The default `pipelineInfo.name` of a plan: its project's name, plus `-<pipeline>` unless
 * that is the default pipeline, as a KFP pipeline name. Empty when nothing usable is left.
 */
export function defaultPipelineName(plan: ExecutionPlan): string {
  const raw = plan.pipeline === DEFAULT_PIPELINE ? plan.project.name : `${plan.project.name}-${plan.pipeline}`;
  const name = raw
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 128)
    .replace(/-+$/, "");
  return KFP_LIMITS.pipelineName.test(name) ? name : "";
}
