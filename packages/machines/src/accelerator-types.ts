import type { MachineCatalog } from "./types.ts";

// `NVIDIA_TESLA_T4`, `nvidia-tesla-t4` and `Nvidia Tesla T4` all name the same GPU.
const normalize = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, "-");

/** Every accelerator type some machine of `catalog` can carry, in catalog order, once each. */
export function acceleratorTypes(catalog: MachineCatalog): string[] {
  const types = new Set<string>();
  for (const machine of catalog.machines) for (const option of machine.accelerators ?? []) types.add(option.type);
  return [...types];
}

/**
 * The target's name for `type`: a type the catalog's machines carry, matched case-insensitively
 * with `_`, `-` and spaces alike (`nvidia-tesla-t4` → `NVIDIA_TESLA_T4`), else an alias (`t4`).
 * Undefined when neither matches.
 */
export function resolveAcceleratorType(catalog: MachineCatalog, type: string): string | undefined {
  const key = normalize(type);
  for (const known of acceleratorTypes(catalog)) if (normalize(known) === key) return known;
  for (const [alias, known] of Object.entries(catalog.acceleratorAliases ?? {})) {
    if (normalize(alias) === key) return known;
  }
  return undefined;
}

/** The names a user can write, for messages: `t4 (NVIDIA_TESLA_T4), a100 or a100-40gb (…)`. */
export function describeAcceleratorTypes(catalog: MachineCatalog): string {
  const aliases = Object.entries(catalog.acceleratorAliases ?? {});
  return acceleratorTypes(catalog)
    .map((type) => {
      const short = aliases.filter(([, known]) => known === type).map(([alias]) => alias);
      return short.length === 0 ? type : `${short.join(" or ")} (${type})`;
    })
    .join(", ");
}
