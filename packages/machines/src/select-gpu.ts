import { describeAcceleratorTypes, resolveAcceleratorType } from "./accelerator-types.ts";
import type { MachineCatalog, MachineChoice, MachineProblem, MachineType, ResourceRequest } from "./types.ts";
import {
  asked,
  bySize,
  describeAsk,
  describeLimit,
  describeMachine,
  fits,
  largest,
  roundedUpWarning,
  subject,
} from "./wording.ts";

interface Placement {
  readonly machine: MachineType;
  /** The smallest count allowed on `machine` that is at least the count asked. */
  readonly count: number;
  readonly allowed: readonly number[];
}

/** `selectMachine` for a request with `gpu.count > 0`. */
export function selectGpuMachine(
  catalog: MachineCatalog,
  request: ResourceRequest,
  step: string | undefined,
): MachineChoice | MachineProblem {
  const who = subject(step);
  const count = request.gpu?.count ?? 0;
  const written = request.gpu?.type;
  const known = describeAcceleratorTypes(catalog);
  if (written === undefined) {
    return {
      message: `${who} asks for ${count} GPU(s) without a type, and ${catalog.target} needs one to choose a machine.`,
      fix: `Set gpu.type to one of: ${known}.`,
    };
  }
  const type = resolveAcceleratorType(catalog, written);
  const carriers = catalog.machines.flatMap((machine) =>
    (machine.accelerators ?? []).filter((o) => o.type === type).map((o) => ({ machine, allowed: o.counts })),
  );
  if (type === undefined || carriers.length === 0) {
    return {
      message: `${who} asks for GPU type '${written}', which no ${catalog.target} machine in this catalog carries.`,
      fix: `Use one of: ${known}.`,
    };
  }
  const placements: Placement[] = carriers.flatMap(({ machine, allowed }) => {
    const next = allowed.find((c) => c >= count);
    return next === undefined ? [] : [{ machine, count: next, allowed }];
  });
  if (placements.length === 0) {
    const most = Math.max(...carriers.flatMap((c) => c.allowed));
    const holder = carriers.filter((c) => c.allowed.includes(most)).toSorted((a, b) => bySize(a.machine, b.machine))[0];
    const where = holder === undefined ? "" : ` (${holder.machine.name} carries ${most})`;
    return {
      message: `${who} asks for ${count} ${type}, more than any ${catalog.target} machine carries (${most} at most).`,
      fix: `Ask for at most ${most} ${type}${where}, or split the work across steps.`,
    };
  }
  const chosen = placements
    .filter((p) => fits(p.machine, request))
    .toSorted((a, b) => a.count - b.count || bySize(a.machine, b.machine))[0];
  if (chosen === undefined) {
    // placements is not empty here, so there is a largest.
    const biggest = largest(placements.map((p) => p.machine)) as MachineType;
    return {
      message: `${who} asks for ${describeAsk(request)} with ${count} ${type}, more than any ${catalog.target} machine carrying ${type} has: the largest is ${describeMachine(biggest)}.`,
      fix: `Ask for at most ${describeLimit(request, biggest)} with ${type}, or choose a GPU type that comes on larger machines.`,
    };
  }
  const warnings = [...gpuWarning(chosen, count, type, step), ...roundedUpWarning(chosen.machine, request, step)];
  return { machine: chosen.machine, accelerator: { type, count: chosen.count }, warnings };
}

function gpuWarning(chosen: Placement, count: number, type: string, step: string | undefined): string[] {
  if (chosen.count === count) return [];
  const why =
    chosen.machine.builtIn === true
      ? `${chosen.machine.name} comes with ${chosen.count}`
      : `${chosen.machine.name} takes ${chosen.allowed.join(", ")}`;
  return [`${asked(step)} ${count} ${type}, gets ${chosen.count}: ${why}.`];
}
