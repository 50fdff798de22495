import type { Resources } from "@ferry/core";
import type { AcceleratorPlacement } from "./accelerators.ts";
import type { ResourceSpec } from "./ir.ts";

const GI = 1024 ** 3;

/** vCPUs as a Kubernetes quantity: whole CPUs as a number, others in millicores. */
export function cpuQuantity(cpu: number): string {
  return Number.isInteger(cpu) ? String(cpu) : `${Math.ceil(cpu * 1000)}m`;
}

/** GiB as a Kubernetes quantity: `8Gi`, or whole MiB (rounded up) for fractions. */
export function memoryQuantity(gib: number): string {
  return Number.isInteger(gib) ? `${gib}Gi` : `${Math.ceil(gib * 1024)}Mi`;
}

/** The bytes a quantity from {@link memoryQuantity} stands for. */
function memoryBytes(gib: number): number {
  return Number.isInteger(gib) ? gib * GI : Math.ceil(gib * 1024) * 1024 ** 2;
}

/**
 * The container's resource limits, written twice as the kfp SDK does: the string fields the
 * KFP backend and Vertex AI read (`resourceCpuLimit: "2"`, `resourceMemoryLimit: "8Gi"`,
 * parsed as Kubernetes quantities) and the deprecated doubles older backends read
 * (`cpuLimit`, `memoryLimit` in GB of 10^9 bytes). Undefined when nothing is asked.
 */
export function resourceSpec(
  resources: Resources,
  accelerator: AcceleratorPlacement | undefined,
): ResourceSpec | undefined {
  const spec: {
    -readonly [K in keyof ResourceSpec]: ResourceSpec[K];
  } = {};
  if (resources.cpu !== undefined) {
    const quantity = cpuQuantity(resources.cpu);
    spec.cpuLimit = quantity.endsWith("m") ? Number.parseInt(quantity, 10) / 1000 : resources.cpu;
    spec.resourceCpuLimit = quantity;
  }
  if (resources.memoryGiB !== undefined) {
    spec.memoryLimit = memoryBytes(resources.memoryGiB) / 1e9;
    spec.resourceMemoryLimit = memoryQuantity(resources.memoryGiB);
  }
  const count = resources.gpu?.count ?? 0;
  if (accelerator !== undefined && count > 0) {
    spec.accelerator = {
      resourceType: accelerator.resourceType,
      resourceCount: String(count),
      type: accelerator.resourceType,
      count: String(count),
    };
  }
  return Object.keys(spec).length > 0 ? spec : undefined;
}
