/**
 * What a step asks for, in the units of Ferry's `resources` (CPU cores, GiB of memory, GPUs).
 * A field left out asks for nothing in particular.
 */
export interface ResourceRequest {
  /** CPU cores; fractions allowed (`0.5`). */
  readonly cpu?: number;
  /** Memory in GiB. */
  readonly memoryGiB?: number;
  /**
   * GPUs: `count` of one `type`, named by a catalog alias (`t4`, `a100-80gb`) or the target's
   * own name (`NVIDIA_TESLA_T4`), case-insensitive. A count of 0 asks for no GPU.
   */
  readonly gpu?: { readonly count: number; readonly type?: string };
}

/** One accelerator type a machine can carry, and in which counts. */
export interface AcceleratorOption {
  /** The target's name for it, e.g. Vertex AI's `NVIDIA_TESLA_T4`. */
  readonly type: string;
  /** The counts allowed on this machine, ascending. One count when the GPUs are built in. */
  readonly counts: readonly number[];
}

/** A machine type of one target, as the vendor's pages describe it. */
export interface MachineType {
  /** The target's name, e.g. `n1-standard-8`. */
  readonly name: string;
  /** The machine family (series), e.g. `n1`. */
  readonly family: string;
  /** Virtual CPUs. */
  readonly vcpu: number;
  /**
   * Memory as the vendor states it. Google's pages say "GB"; Compute Engine reports these
   * as binary (memoryMb = GB × 1024), so they compare directly with a request's GiB.
   */
  readonly memoryGiB: number;
  /**
   * Accelerators the machine can carry: attachable (N1 with T4, P4, V100, P100) or built in
   * (A2, G2, A3; see `builtIn`). Absent: CPU only.
   */
  readonly accelerators?: readonly AcceleratorOption[];
  /** The accelerators come with the machine: their count is fixed by the machine type. */
  readonly builtIn?: boolean;
  /** List price per hour in USD, on demand. Not filled yet. */
  readonly pricePerHour?: number;
}

/** The machine types of one target, dated and sourced. */
export interface MachineCatalog {
  /** The target's id, e.g. `vertexai`. */
  readonly target: string;
  /** `YYYY-MM-DD`: when the facts were checked against `sources`. */
  readonly asOf: string;
  /** URLs of the vendor pages the facts come from. */
  readonly sources: readonly string[];
  /** The machine a step gets when it asks for nothing; must be in `machines`. */
  readonly defaultMachine: string;
  readonly machines: readonly MachineType[];
  /** Short accelerator names → the target's names, e.g. `t4` → `NVIDIA_TESLA_T4`. */
  readonly acceleratorAliases?: Readonly<Record<string, string>>;
}

/** The machine chosen for a request, and what was rounded up to get there. */
export interface MachineChoice {
  readonly machine: MachineType;
  /** The accelerators the step gets: the requested type, count rounded up to an allowed one. */
  readonly accelerator?: { readonly type: string; readonly count: number };
  /** One line per rounding (more vCPU, memory or GPUs than asked), naming the step. */
  readonly warnings: readonly string[];
}

/** Why no machine fits a request, and what to change. */
export interface MachineProblem {
  readonly message: string;
  readonly fix: string;
}
