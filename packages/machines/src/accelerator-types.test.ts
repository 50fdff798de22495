import { describe, expect, it } from "vitest";
import { acceleratorTypes, resolveAcceleratorType } from "./accelerator-types.ts";
import { isProblem, selectMachine } from "./select.ts";
import type { MachineCatalog } from "./types.ts";

const catalog: MachineCatalog = {
  target: "t",
  asOf: "2026-11-22",
  sources: [],
  defaultMachine: "cpu-2",
  machines: [
    { name: "cpu-2", family: "cpu", vcpu: 2, memoryGiB: 8 },
    { name: "gpu-4", family: "gpu", vcpu: 4, memoryGiB: 16, accelerators: [{ type: "FAST_GPU", counts: [1, 2] }] },
    { name: "gpu-8", family: "gpu", vcpu: 8, memoryGiB: 32, accelerators: [{ type: "FAST_GPU", counts: [2] }] },
  ],
  acceleratorAliases: { fast: "FAST_GPU", gone: "OLD_GPU" },
};

describe("accelerator type names", () => {
  it("lists each carried type once", () => {
    expect(acceleratorTypes(catalog)).toEqual(["FAST_GPU"]);
  });

  it.each([
    ["FAST_GPU", "FAST_GPU"],
    ["fast-gpu", "FAST_GPU"],
    ["Fast Gpu", "FAST_GPU"],
    ["FAST", "FAST_GPU"],
    ["gone", "OLD_GPU"],
    ["slow", undefined],
  ])("%s → %s", (written, known) => {
    expect(resolveAcceleratorType(catalog, written)).toBe(known);
  });

  it("refuses an alias whose type no machine carries, as an unknown type", () => {
    const result = selectMachine(catalog, { gpu: { count: 1, type: "gone" } }, "train");
    expect(isProblem(result) && result.message).toBe(
      "Step 'train' asks for GPU type 'gone', which no t machine in this catalog carries.",
    );
  });
});
