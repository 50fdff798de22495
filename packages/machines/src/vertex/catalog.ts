import type { MachineCatalog } from "../types.ts";
import { VERTEX_CPU_MACHINES } from "./cpu-machines.ts";
import { VERTEX_GPU_MACHINES } from "./gpu-machines.ts";

/**
 * Machine types a Vertex AI Pipelines step can run on. Each container step runs as a Vertex
 * CustomJob, by default on e2-standard-4; a step's CPU limit goes up to 96 and its memory
 * limit up to 624 GB (cloud.google.com/vertex-ai/docs/pipelines/machine-types). Accelerator
 * names are Vertex's `AcceleratorType` enum (reference/rest/v1/MachineSpec).
 *
 * Which facts are verified and which are not is written on each group of machines and in
 * the package README. Prices are not filled yet.
 */
export const vertexCatalog: MachineCatalog = {
  target: "vertexai",
  asOf: "2026-11-22",
  sources: [
    "https://cloud.google.com/vertex-ai/docs/pipelines/machine-types",
    "https://cloud.google.com/vertex-ai/docs/reference/rest/v1/MachineSpec",
    "https://cloud.google.com/vertex-ai/docs/predictions/configure-compute",
    "https://cloud.google.com/compute/docs/gpus",
    "https://cloud.google.com/compute/docs/accelerator-optimized-machines",
  ],
  defaultMachine: "e2-standard-4",
  machines: [...VERTEX_CPU_MACHINES, ...VERTEX_GPU_MACHINES],
  acceleratorAliases: {
    t4: "NVIDIA_TESLA_T4",
    p4: "NVIDIA_TESLA_P4",
    v100: "NVIDIA_TESLA_V100",
    p100: "NVIDIA_TESLA_P100",
    a100: "NVIDIA_TESLA_A100",
    "a100-40gb": "NVIDIA_TESLA_A100",
    "a100-80gb": "NVIDIA_A100_80GB",
    l4: "NVIDIA_L4",
    h100: "NVIDIA_H100_80GB",
  },
};
