import { selectGpuMachine } from "./select-gpu.ts";
import type { MachineCatalog, MachineChoice, MachineProblem, ResourceRequest } from "./types.ts";
import {
  bySize,
  describeAsk,
  describeLimit,
  describeMachine,
  fits,
  largest,
  roundedUpWarning,
  subject,
} from "./wording.ts";

/** True when `selectMachine` found no machine: `x` then says why and what to change. */
export function isProblem(x: MachineChoice | MachineProblem): x is MachineProblem {
  return !("machine" in x);
}

/**
 * The machine of `catalog` a step asking for `request` runs on. Never throws.
 *
 * - Nothing asked (no CPU, memory or GPU): the catalog's default machine.
 * - CPU and memory only: the smallest machine without built-in GPUs that has at least the CPU
 *   and memory asked (fewest vCPUs, then least memory), taken from the default machine's
 *   family when one of those fits.
 * - GPUs: a machine that carries `gpu.type` in an allowed count, the count rounded up to the
 *   next allowed one; the fewest GPUs first, then the smallest machine.
 *
 * Each rounding up is reported in `warnings`. When nothing fits, returns a
 * {@link MachineProblem} naming the largest option. Every text names `step` when given.
 */
export function selectMachine(
  catalog: MachineCatalog,
  request: ResourceRequest,
  step?: string,
): MachineChoice | MachineProblem {
  const invalid = checkRequest(request, step);
  if (invalid !== undefined) return invalid;
  if ((request.gpu?.count ?? 0) > 0) return selectGpuMachine(catalog, request, step);
  if (request.cpu === undefined && request.memoryGiB === undefined) {
    const machine = catalog.machines.find((m) => m.name === catalog.defaultMachine);
    if (machine !== undefined) return { machine, warnings: [] };
    return {
      message: `The ${catalog.target} catalog's default machine '${catalog.defaultMachine}' is not among its machines.`,
      fix: `Add ${catalog.defaultMachine} to the catalog's machines, or set defaultMachine to one of them.`,
    };
  }
  const cpuMachines = catalog.machines.filter((m) => m.builtIn !== true).toSorted(bySize);
  const family = catalog.machines.find((m) => m.name === catalog.defaultMachine)?.family;
  const fitting = cpuMachines.filter((m) => fits(m, request));
  const machine = fitting.find((m) => m.family === family) ?? fitting[0];
  if (machine !== undefined) return { machine, warnings: roundedUpWarning(machine, request, step) };
  const biggest = largest(cpuMachines);
  if (biggest === undefined) {
    return {
      message: `${subject(step)} asks for ${describeAsk(request)}, and the ${catalog.target} catalog has no machine without GPUs.`,
      fix: "Add CPU machines to the catalog, or ask for a GPU.",
    };
  }
  const maxVcpu = Math.max(...cpuMachines.map((m) => m.vcpu));
  const maxMemory = Math.max(...cpuMachines.map((m) => m.memoryGiB));
  return {
    message: `${subject(step)} asks for ${describeAsk(request)}, more than a ${catalog.target} machine without built-in GPUs has: the most is ${maxVcpu} vCPU and ${maxMemory} GB.`,
    fix: `Ask for at most ${describeLimit(request, biggest)} (the largest is ${describeMachine(biggest)}), or split the step.`,
  };
}

/** The problem with a request that asks for impossible amounts (negative, NaN, 2.5 GPUs). */
function checkRequest(request: ResourceRequest, step: string | undefined): MachineProblem | undefined {
  const who = subject(step);
  const { cpu, memoryGiB, gpu } = request;
  if (cpu !== undefined && !(Number.isFinite(cpu) && cpu > 0)) {
    return {
      message: `${who} asks for ${cpu} CPU; a CPU request must be a number above 0.`,
      fix: "Set cpu to a positive number such as 2 or 0.5, or leave it out.",
    };
  }
  if (memoryGiB !== undefined && !(Number.isFinite(memoryGiB) && memoryGiB > 0)) {
    return {
      message: `${who} asks for ${memoryGiB} GiB of memory; a memory request must be a number above 0.`,
      fix: "Set memoryGiB to a positive number such as 8 or 0.5, or leave it out.",
    };
  }
  if (gpu !== undefined && !(Number.isInteger(gpu.count) && gpu.count >= 0)) {
    return {
      message: `${who} asks for ${gpu.count} GPUs; a GPU count must be a whole number, 0 or more.`,
      fix: "Set gpu.count to a whole number such as 1, 2 or 4.",
    };
  }
  return undefined;
}
