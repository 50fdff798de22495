import type { MachineType, ResourceRequest } from "./types.ts";

/** Who a problem is about: `Step 'train'`, or `The request` when no step is named. */
export const subject = (step: string | undefined) => (step === undefined ? "The request" : `Step '${step}'`);

/** How a warning opens: `Step 'train' asked`, or `Asked` when no step is named. */
export const asked = (step: string | undefined) => (step === undefined ? "Asked" : `Step '${step}' asked`);

/** `3 CPU / 5 GiB`, `3 CPU` or `5 GiB`: the CPU and memory a request names. */
export function describeAsk(request: ResourceRequest): string {
  const parts: string[] = [];
  if (request.cpu !== undefined) parts.push(`${request.cpu} CPU`);
  if (request.memoryGiB !== undefined) parts.push(`${request.memoryGiB} GiB`);
  return parts.join(" / ");
}

/** `96 CPU and 624 GiB`: what `machine` has, for the dimensions `request` names. */
export function describeLimit(request: ResourceRequest, machine: MachineType): string {
  const parts: string[] = [];
  if (request.cpu !== undefined) parts.push(`${machine.vcpu} CPU`);
  if (request.memoryGiB !== undefined) parts.push(`${machine.memoryGiB} GiB`);
  return parts.join(" and ");
}

/** `e2-standard-4 with 4 vCPU / 16 GB` (GB as the vendor writes it). */
export const describeMachine = (machine: MachineType) =>
  `${machine.name} with ${machine.vcpu} vCPU / ${machine.memoryGiB} GB`;

/** True when `machine` has at least the CPU and memory `request` names. */
export const fits = (machine: MachineType, request: ResourceRequest) =>
  machine.vcpu >= (request.cpu ?? 0) && machine.memoryGiB >= (request.memoryGiB ?? 0);

/** The warning for a machine with more CPU or memory than asked, if it has more. */
export function roundedUpWarning(machine: MachineType, request: ResourceRequest, step: string | undefined) {
  const moreCpu = request.cpu !== undefined && machine.vcpu > request.cpu;
  const moreMemory = request.memoryGiB !== undefined && machine.memoryGiB > request.memoryGiB;
  if (!moreCpu && !moreMemory) return [];
  return [`${asked(step)} ${describeAsk(request)}, gets ${describeMachine(machine)}.`];
}

/** Smallest first: fewer vCPUs, then less memory; ties keep catalog order. */
export const bySize = (a: MachineType, b: MachineType) => a.vcpu - b.vcpu || a.memoryGiB - b.memoryGiB;

/** The largest of `machines` (most vCPUs, then most memory), or undefined when there are none. */
export const largest = (machines: readonly MachineType[]) => machines.toSorted(bySize).at(-1);
