import type { MachineType } from "../types.ts";

/** An accelerator-optimized machine: `count` GPUs of `type` come with it. */
const withGpus = (name: string, vcpu: number, memoryGiB: number, type: string, count: number): MachineType => ({
  name,
  family: name.split("-")[0] ?? name,
  vcpu,
  memoryGiB,
  accelerators: [{ type, counts: [count] }],
  builtIn: true,
});

/**
 * A2 Standard (A100 40GB, `NVIDIA_TESLA_A100`) and A2 Ultra (A100 80GB, `NVIDIA_A100_80GB`).
 * The GPU models per series VERIFIED (Compute Engine "GPU machine types"); the vCPU, memory
 * and GPU count of each shape UNVERIFIED (the A2 table could not be read this session).
 */
const A2: readonly MachineType[] = [
  withGpus("a2-highgpu-1g", 12, 85, "NVIDIA_TESLA_A100", 1),
  withGpus("a2-highgpu-2g", 24, 170, "NVIDIA_TESLA_A100", 2),
  withGpus("a2-highgpu-4g", 48, 340, "NVIDIA_TESLA_A100", 4),
  withGpus("a2-highgpu-8g", 96, 680, "NVIDIA_TESLA_A100", 8),
  withGpus("a2-megagpu-16g", 96, 1360, "NVIDIA_TESLA_A100", 16),
  withGpus("a2-ultragpu-1g", 12, 170, "NVIDIA_A100_80GB", 1),
  withGpus("a2-ultragpu-2g", 24, 340, "NVIDIA_A100_80GB", 2),
  withGpus("a2-ultragpu-4g", 48, 680, "NVIDIA_A100_80GB", 4),
  withGpus("a2-ultragpu-8g", 96, 1360, "NVIDIA_A100_80GB", 8),
];

/**
 * G2 (L4, `NVIDIA_L4`). g2-standard-4 with 1 L4, 4 vCPU and 16 GB (default memory) VERIFIED
 * (Compute Engine "GPU machine types"); the other shapes UNVERIFIED.
 */
const G2: readonly MachineType[] = [
  withGpus("g2-standard-4", 4, 16, "NVIDIA_L4", 1),
  withGpus("g2-standard-8", 8, 32, "NVIDIA_L4", 1),
  withGpus("g2-standard-12", 12, 48, "NVIDIA_L4", 1),
  withGpus("g2-standard-16", 16, 64, "NVIDIA_L4", 1),
  withGpus("g2-standard-24", 24, 96, "NVIDIA_L4", 2),
  withGpus("g2-standard-32", 32, 128, "NVIDIA_L4", 1),
  withGpus("g2-standard-48", 48, 192, "NVIDIA_L4", 4),
  withGpus("g2-standard-96", 96, 384, "NVIDIA_L4", 8),
];

/**
 * A3 High (H100 80GB, `NVIDIA_H100_80GB`): 8 GPUs, 208 vCPU, 1872 GB VERIFIED (Compute Engine
 * "GPU machine types"). Smaller A3 High shapes (1g/2g/4g) exist on Compute Engine; whether
 * Vertex custom training offers them is UNVERIFIED, so they are left out.
 */
const A3: readonly MachineType[] = [withGpus("a3-highgpu-8g", 208, 1872, "NVIDIA_H100_80GB", 8)];

/** Vertex AI machine types whose GPUs are built in. */
export const VERTEX_GPU_MACHINES: readonly MachineType[] = [...A2, ...G2, ...A3];
