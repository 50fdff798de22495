import type { Problem } from "@ferry/core";
import { defineRunnerPlugin, type RunnerPlugin, type StepPlacement } from "@ferry/core/plugin";
import { kfpProblems } from "@ferry/kfp";
import { vertexCatalog } from "@ferry/machines";
import { asPlaced, compileOptions, compileVertex, type JobFile } from "./compile.ts";
import { cancelJob, pollJob, submitJob } from "./jobs.ts";
import { type VertexOptions, vertexOptions } from "./options.ts";
import { packageVertex } from "./package.ts";
import { placeStep, unknownMachine } from "./placement.ts";
import { scheduleVertex } from "./schedule.ts";

/** The `vertexai` target: Ferry pipelines as Vertex AI Pipelines jobs. */
export function vertexai(): RunnerPlugin<VertexOptions> {
  return defineRunnerPlugin<VertexOptions>({
    name: "vertexai",
    contract: 1,
    options: vertexOptions,
    capabilities: {
      cancel: "stable",
      gpu: "stable",
      parallel: "stable",
      retry: "stable",
      explain: "stable",
      schedule: "stable",
    },
    schemes: ["gs"],
    async preflight(ctx, plan) {
      const { machineType } = ctx.options;
      const problems: Problem[] = [];
      if (machineType !== undefined && !vertexCatalog.machines.some((m) => m.name === machineType)) {
        problems.push(unknownMachine(machineType));
      }
      for (const step of plan.steps) {
        const placed = placeStep(step, ctx.options);
        if ("fix" in placed && !problems.some((p) => p.message === placed.message)) problems.push(placed);
      }
      return [...kfpProblems(asPlaced(plan, ctx.options), compileOptions(plan, ctx.options)), ...problems];
    },
    async compile(ctx, plan) {
      const { spec, job } = compileVertex(plan, ctx.options);
      for (const warning of job.warnings) ctx.logger.warn(warning);
      return spec;
    },
    package: (ctx, plan) => packageVertex(ctx.projectRoot, plan, ctx.options),
    submit: (ctx, compiled, artifact) => submitJob(ctx.options, compiled, artifact, ctx.runId),
    poll: (ctx, handle) => pollJob(ctx.options, handle),
    cancel: (ctx, handle) => cancelJob(ctx.options, handle),
    schedule: (ctx, compiled, artifact, request) => scheduleVertex(ctx.options, compiled, artifact, ctx.runId, request),
    async explain(ctx, plan): Promise<StepPlacement[]> {
      let taskToStep: JobFile["taskToStep"] = {};
      try {
        ({ taskToStep } = compileVertex(plan, ctx.options).job);
      } catch {
        // preflight reports why the plan does not compile; explain still shows the machines
      }
      const stepToTask = Object.fromEntries(Object.entries(taskToStep).map(([task, step]) => [step, task]));
      return plan.steps.map((step) => {
        const placed = placeStep(step, ctx.options);
        const task = `task ${stepToTask[step.id] ?? "(none)"}`;
        if ("fix" in placed)
          return {
            step: step.id,
            placement: `no machine fits (${task})`,
            warnings: [`${placed.message} ${placed.fix}`],
          };
        const { machine, accelerator, warnings } = placed;
        const gpu = accelerator ? ` + ${accelerator.count}× ${accelerator.type}` : "";
        return {
          step: step.id,
          placement: `${machine.name} (${machine.vcpu} vCPU, ${machine.memoryGiB} GB${gpu}), ${task}`,
          ...(warnings.length > 0 ? { warnings } : {}),
        };
      });
    },
  });
}
