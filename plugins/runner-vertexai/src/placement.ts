import type { PlanStep, Problem } from "@ferry/core";
import { isProblem, type MachineChoice, selectMachine, vertexCatalog } from "@ferry/machines";
import type { VertexOptions } from "./options.ts";

/** Where one step runs on Vertex AI: the machine type that fits its resources, or why none does. */
export function placeStep(step: PlanStep, options: VertexOptions): MachineChoice | Problem {
  const { cpu, memoryGiB, gpu } = step.resources;
  const asksNothing = cpu === undefined && memoryGiB === undefined && (gpu === undefined || gpu.count === 0);
  if (asksNothing) {
    const name = options.machineType ?? vertexCatalog.defaultMachine;
    const machine = vertexCatalog.machines.find((m) => m.name === name);
    if (machine === undefined) return unknownMachine(name);
    return { machine, warnings: [] };
  }
  const request = {
    ...(cpu === undefined ? {} : { cpu }),
    ...(memoryGiB === undefined ? {} : { memoryGiB }),
    ...(gpu !== undefined && gpu.count > 0
      ? { gpu: { count: gpu.count, type: gpu.type ?? options.defaultGpuType } }
      : {}),
  };
  const choice = selectMachine(vertexCatalog, request, step.id);
  return isProblem(choice) ? { message: choice.message, fix: choice.fix } : choice;
}

export function unknownMachine(name: string): Problem {
  const families = [...new Set(vertexCatalog.machines.map((m) => m.family))].join(", ");
  return {
    message: `machineType '${name}' is not a Vertex AI training machine type Ferry knows (catalog of ${vertexCatalog.asOf}).`,
    fix: `Use one of the families ${families}, e.g. ${vertexCatalog.defaultMachine}; see ferry explain --target=vertexai.`,
  };
}

/**
 * The step with the resources Vertex AI is asked for: a step that asks for nothing gets the
 * CPU and memory of `machineType`, so Vertex picks that machine; others keep their request.
 */
export function withMachine(step: PlanStep, options: VertexOptions): PlanStep {
  const placed = placeStep(step, options);
  const { cpu, memoryGiB, gpu } = step.resources;
  if ("fix" in placed || options.machineType === undefined) return step;
  if (cpu !== undefined || memoryGiB !== undefined || (gpu !== undefined && gpu.count > 0)) return step;
  return { ...step, resources: { ...step.resources, cpu: placed.machine.vcpu, memoryGiB: placed.machine.memoryGiB } };
}
