import type { PlanStep, Problem } from "@ferry/core";
import { isProblem, type MachineChoice, selectMachine, vertexCatalog } from "@ferry/machines";
import type { VertexOptions } from "./options.ts";

const asksNothing = ({ resources: { cpu, memoryGiB, gpu } }: PlanStep) =>
  cpu === undefined && memoryGiB === undefined && (gpu === undefined || gpu.count === 0);

/** Where one step runs on Vertex AI: the machine type that fits its resources, or why none does. */
export function placeStep(step: PlanStep, options: VertexOptions): MachineChoice | Problem {
  if (asksNothing(step)) {
    const name = options.machineType ?? vertexCatalog.defaultMachine;
    const machine = vertexCatalog.machines.find((m) => m.name === name);
    if (machine === undefined) return unknownMachine(name);
    return { machine, warnings: [] };
  }
  const { cpu, memoryGiB, gpu } = step.resources;
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
 * The step as Vertex AI is asked for it, given where it was placed: a GPU request becomes the
 * accelerator the machine catalog chose (its enum name, in an allowed count), so the compiled
 * spec and `ferry explain` agree; a step that asks for nothing gets the CPU and memory of
 * `machineType`, so Vertex picks that machine. A step no machine fits keeps no GPU: preflight
 * has reported it, and compile is never reached.
 */
export function vertexStep(step: PlanStep, placed: MachineChoice | Problem, options: VertexOptions): PlanStep {
  if ("fix" in placed) {
    const { gpu: _, ...resources } = step.resources;
    return { ...step, resources };
  }
  const { machine, accelerator } = placed;
  if (accelerator) return { ...step, resources: { ...step.resources, gpu: { ...accelerator } } };
  if (asksNothing(step) && options.machineType !== undefined) {
    return { ...step, resources: { ...step.resources, cpu: machine.vcpu, memoryGiB: machine.memoryGiB } };
  }
  return step;
}
