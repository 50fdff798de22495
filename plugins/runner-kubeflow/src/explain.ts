import type { ExecutionPlan, StepPlacement } from "@ferry/core/plugin";
import { compilePipelineSpec, executorLabel, type KubernetesExecutorConfig, type ResourceSpec } from "@ferry/kfp";
import { compileOptions } from "./compile.ts";
import type { KubeflowOptions } from "./options.ts";

function describe(resources: ResourceSpec | undefined, k8s: KubernetesExecutorConfig | undefined): string {
  const parts: string[] = [];
  if (resources?.resourceCpuLimit) parts.push(`cpu ${resources.resourceCpuLimit}`);
  if (resources?.resourceMemoryLimit) parts.push(`memory ${resources.resourceMemoryLimit}`);
  if (resources?.accelerator)
    parts.push(`${resources.accelerator.resourceType}: ${resources.accelerator.resourceCount}`);
  for (const [label, value] of Object.entries(k8s?.nodeSelector?.labels ?? {})) parts.push(`node ${label}=${value}`);
  if (k8s?.tolerations?.length) {
    const list = k8s.tolerations.map((t) => [t.key ?? "*", t.value, t.effect].filter(Boolean).join(":"));
    parts.push(`tolerates ${list.join(", ")}`);
  }
  if (k8s?.activeDeadlineSeconds) parts.push(`deadline ${k8s.activeDeadlineSeconds}s`);
  return parts.length > 0 ? parts.join(", ") : "the namespace's default requests and limits";
}

/**
 * Each step's pod as KFP will ask Kubernetes for it: its cpu and memory limits, GPU resource,
 * node selector and tolerations, read from the same compile that submit sends.
 */
export function explainKubeflow(plan: ExecutionPlan, options: KubeflowOptions): StepPlacement[] {
  const compiled = compilePipelineSpec(plan, compileOptions(plan, options));
  const { executors } = compiled.spec.deploymentSpec;
  const platform = compiled.platformSpec?.platforms.kubernetes.deploymentSpec.executors ?? {};
  return plan.steps.map((step) => {
    const task = compiled.names.stepToTask[step.id] as string;
    const label = executorLabel(task);
    const resources = executors[label]?.container.resources;
    const warnings: string[] = [];
    if (!resources?.resourceCpuLimit && !resources?.resourceMemoryLimit) {
      warnings.push(
        "No cpu or memory asked: the pod gets the namespace's LimitRange defaults (set resources in conf/<env>/resources.yml).",
      );
    }
    if (resources?.accelerator && !options.accelerators?.nodeSelectorLabel) {
      warnings.push(
        "A GPU step with no node selector lands on any node with the resource; set accelerators.nodeSelectorLabel to pick a GPU type.",
      );
    }
    return {
      step: step.id,
      placement: `pod of task ${task}: ${describe(resources, platform[label])}`,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  });
}
