import { defineRunnerPlugin, type RunnerPlugin } from "@ferry/core/plugin";
import { kfpProblems } from "@ferry/kfp";
import { compileKubeflow, compileOptions } from "./compile.ts";
import { deployPipeline } from "./deploy.ts";
import { explainKubeflow } from "./explain.ts";
import { type KubeflowOptions, kubeflowOptions } from "./options.ts";
import { packageKubeflow } from "./package.ts";
import { cancelRun, pollRun, submitRun } from "./runs.ts";
import { scheduleKubeflow } from "./schedule.ts";

/** The `kubeflow` target: Ferry pipelines as Kubeflow Pipelines v2 runs (REST v2beta1). */
export function kubeflow(): RunnerPlugin<KubeflowOptions> {
  return defineRunnerPlugin<KubeflowOptions>({
    name: "kubeflow",
    contract: 1,
    options: kubeflowOptions,
    capabilities: {
      cancel: "stable",
      gpu: "stable",
      parallel: "stable",
      retry: "stable",
      explain: "stable",
      deploy: "stable",
      schedule: "stable",
    },
    // KFP's pipeline_root schemes; the steps read and write the same store.
    schemes: ["s3", "gs", "minio"],
    async preflight(ctx, plan) {
      return kfpProblems(plan, compileOptions(plan, ctx.options));
    },
    async compile(ctx, plan) {
      const { compiled, spec } = compileKubeflow(plan, ctx.options);
      for (const warning of compiled.warnings) ctx.logger.warn(warning);
      return spec;
    },
    package: (ctx, plan) => packageKubeflow(ctx.projectRoot, plan, ctx.options),
    submit: (ctx, compiled, artifact) => submitRun(ctx.options, compiled, artifact, ctx.runId),
    poll: (ctx, handle) => pollRun(ctx.options, handle),
    cancel: (ctx, handle) => cancelRun(ctx.options, handle),
    deploy: (ctx, compiled, artifact) => deployPipeline(ctx.options, compiled, artifact, ctx.runId),
    schedule: (ctx, compiled, artifact, request) => scheduleKubeflow(ctx.options, compiled, artifact, request),
    async explain(ctx, plan) {
      return explainKubeflow(plan, ctx.options);
    },
  });
}
