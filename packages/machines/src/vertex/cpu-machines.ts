import type { MachineType } from "../types.ts";
import { n1Accelerators } from "./n1-gpu-limits.ts";

/** A machine type named `<family>-<shape>-<n>`, memory in GB as Google's pages state it. */
const shape = (name: string, vcpu: number, memoryGiB: number): MachineType => ({
  name,
  family: name.split("-")[0] ?? name,
  vcpu,
  memoryGiB,
});

/** An N1 shape with the GPUs Compute Engine lets it carry (see n1-gpu-limits.ts). */
const n1 = (name: string, vcpu: number, memoryGiB: number): MachineType => ({
  ...shape(name, vcpu, memoryGiB),
  accelerators: n1Accelerators(vcpu, memoryGiB),
});

/**
 * E2. vCPU and memory VERIFIED on Vertex AI's "Configure compute resources for prediction"
 * page (its E2 table: standard 4 GB, highmem 8 GB, highcpu 1 GB per vCPU); e2-standard-4 as
 * the pipelines default with 4 vCPU / 16 GB VERIFIED on the pipelines machine-types page.
 * That custom training (a pipeline step's CustomJob) accepts each of these: UNVERIFIED.
 */
const E2: readonly MachineType[] = [
  shape("e2-standard-4", 4, 16),
  shape("e2-standard-8", 8, 32),
  shape("e2-standard-16", 16, 64),
  shape("e2-standard-32", 32, 128),
  shape("e2-highmem-2", 2, 16),
  shape("e2-highmem-4", 4, 32),
  shape("e2-highmem-8", 8, 64),
  shape("e2-highmem-16", 16, 128),
  shape("e2-highcpu-16", 16, 16),
  shape("e2-highcpu-32", 32, 32),
];

/**
 * N1: standard 3.75 GB, highmem 6.5 GB, highcpu 0.9 GB per vCPU. UNVERIFIED against a page
 * this session (Compute Engine's general-purpose table could not be read). Consistent with the
 * pipelines page's limits, which are n1-highmem-96's: 96 CPUs and 624 GB.
 */
const N1: readonly MachineType[] = [
  n1("n1-standard-4", 4, 15),
  n1("n1-standard-8", 8, 30),
  n1("n1-standard-16", 16, 60),
  n1("n1-standard-32", 32, 120),
  n1("n1-standard-64", 64, 240),
  n1("n1-standard-96", 96, 360),
  n1("n1-highmem-2", 2, 13),
  n1("n1-highmem-4", 4, 26),
  n1("n1-highmem-8", 8, 52),
  n1("n1-highmem-16", 16, 104),
  n1("n1-highmem-32", 32, 208),
  n1("n1-highmem-64", 64, 416),
  n1("n1-highmem-96", 96, 624),
  n1("n1-highcpu-16", 16, 14.4),
  n1("n1-highcpu-32", 32, 28.8),
  n1("n1-highcpu-64", 64, 57.6),
  n1("n1-highcpu-96", 96, 86.4),
];

/**
 * N2 standard (4 GB per vCPU) and C2 standard (4 GB per vCPU). UNVERIFIED: neither the shapes
 * nor Vertex custom training's support for them could be read this session.
 */
const N2_C2: readonly MachineType[] = [
  shape("n2-standard-4", 4, 16),
  shape("n2-standard-8", 8, 32),
  shape("n2-standard-16", 16, 64),
  shape("n2-standard-32", 32, 128),
  shape("n2-standard-48", 48, 192),
  shape("n2-standard-64", 64, 256),
  shape("n2-standard-80", 80, 320),
  shape("c2-standard-4", 4, 16),
  shape("c2-standard-8", 8, 32),
  shape("c2-standard-16", 16, 64),
  shape("c2-standard-30", 30, 120),
  shape("c2-standard-60", 60, 240),
];

/** Vertex AI machine types without built-in GPUs (N1 shapes can carry attached ones). */
export const VERTEX_CPU_MACHINES: readonly MachineType[] = [...E2, ...N1, ...N2_C2];
