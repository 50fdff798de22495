import type { ExecutionPlan } from "@ferry/core";
import { compilePipelineSpec, kubernetesAccelerators, toJson, toYaml, vertexAccelerators } from "@ferry/kfp";

/** Vertex AI: the spec as JSON (sent as `pipelineSpec`), for the image `package` pushed. */
export function forVertex(plan: ExecutionPlan, image: string) {
  const compiled = compilePipelineSpec(plan, {
    image, // us-docker.pkg.dev/my-proj/my-repo/app@sha256:…
    accelerators: vertexAccelerators(), // gpu.type "t4" → NVIDIA_TESLA_T4
    paramTypes: { learning_rate: "NUMBER_DOUBLE" }, // 1.0 in YAML reads as the integer 1
  });
  // compiled.names.stepToTask: "data_processing.preprocess" → "data-processing-preprocess"
  return { pipelineSpec: JSON.parse(toJson(compiled.spec)), names: compiled.names, warnings: compiled.warnings };
}

/** Kubeflow Pipelines: one YAML file, the PipelineSpec plus the Kubernetes PlatformSpec. */
export function forKubeflow(plan: ExecutionPlan, image: string): string {
  const compiled = compilePipelineSpec(plan, {
    image,
    platform: "kubernetes", // timeouts → activeDeadlineSeconds, GPU node selectors
    accelerators: kubernetesAccelerators({ nodeSelectorLabel: "cloud.google.com/gke-accelerator" }),
    caching: false,
  });
  return toYaml(compiled);
}
