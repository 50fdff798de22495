import type { AcceleratorOption } from "../types.ts";

/** At most `maxVcpu` vCPUs and `maxMemory` GB on an N1 machine carrying `count` GPUs. */
interface N1GpuLimit {
  readonly count: number;
  readonly maxVcpu: number;
  readonly maxMemory: number;
}

/**
 * How many of each attachable GPU an N1 machine may carry, by the machine's size: Compute
 * Engine caps vCPUs and memory per GPU count (cloud.google.com/compute/docs/gpus, section on
 * N1 GPUs).
 *
 * UNVERIFIED (2026-11-22): the tables could not be read with the tools of this session; the
 * numbers are Compute Engine's published caps as known before it. For 4 P100 the cap of most
 * zones is kept (64 vCPU, 208 GB); some zones allow 96 vCPU / 624 GB. Vertex AI's own
 * per-machine GPU table (training/configure-compute) may be stricter. Check both before
 * relying on an N1 + GPU choice.
 */
const N1_GPU_LIMITS: Readonly<Record<string, readonly N1GpuLimit[]>> = {
  NVIDIA_TESLA_T4: [
    { count: 1, maxVcpu: 48, maxMemory: 312 },
    { count: 2, maxVcpu: 48, maxMemory: 312 },
    { count: 4, maxVcpu: 96, maxMemory: 624 },
  ],
  NVIDIA_TESLA_P4: [
    { count: 1, maxVcpu: 24, maxMemory: 156 },
    { count: 2, maxVcpu: 48, maxMemory: 312 },
    { count: 4, maxVcpu: 96, maxMemory: 624 },
  ],
  NVIDIA_TESLA_V100: [
    { count: 1, maxVcpu: 12, maxMemory: 78 },
    { count: 2, maxVcpu: 24, maxMemory: 156 },
    { count: 4, maxVcpu: 48, maxMemory: 312 },
    { count: 8, maxVcpu: 96, maxMemory: 624 },
  ],
  NVIDIA_TESLA_P100: [
    { count: 1, maxVcpu: 16, maxMemory: 104 },
    { count: 2, maxVcpu: 32, maxMemory: 208 },
    { count: 4, maxVcpu: 64, maxMemory: 208 },
  ],
};

/** The GPUs an N1 machine of `vcpu` vCPUs and `memory` GB can carry, in the counts allowed. */
export function n1Accelerators(vcpu: number, memory: number): AcceleratorOption[] {
  return Object.entries(N1_GPU_LIMITS).flatMap(([type, limits]) => {
    const counts = limits.filter((l) => vcpu <= l.maxVcpu && memory <= l.maxMemory).map((l) => l.count);
    return counts.length === 0 ? [] : [{ type, counts }];
  });
}
