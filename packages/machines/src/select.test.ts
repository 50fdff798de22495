import { describe, expect, it } from "vitest";
import { isProblem, selectMachine } from "./select.ts";
import type { MachineCatalog, MachineChoice, MachineProblem } from "./types.ts";
import { vertexCatalog } from "./vertex/catalog.ts";

function choice(result: MachineChoice | MachineProblem): MachineChoice {
  if (isProblem(result)) throw new Error(`expected a machine, got: ${result.message}`);
  return result;
}

function problem(result: MachineChoice | MachineProblem): MachineProblem {
  if (!isProblem(result)) throw new Error(`expected a problem, got ${result.machine.name}`);
  return result;
}

describe("a step that asks for nothing", () => {
  it.each([{}, { gpu: { count: 0, type: "t4" } }])("gets the default machine, e2-standard-4 (%j)", (request) => {
    const result = choice(selectMachine(vertexCatalog, request, "prep"));
    expect(result.machine.name).toBe("e2-standard-4");
    expect(result.accelerator).toBeUndefined();
    expect(result.warnings).toEqual([]);
  });
});

describe("CPU and memory", () => {
  it("rounds up to the smallest e2 machine and says so, naming the step", () => {
    const result = choice(selectMachine(vertexCatalog, { cpu: 3, memoryGiB: 5 }, "prep"));
    expect(result.machine.name).toBe("e2-standard-4");
    expect(result.warnings).toMatchInlineSnapshot(`
      [
        "Step 'prep' asked 3 CPU / 5 GiB, gets e2-standard-4 with 4 vCPU / 16 GB.",
      ]
    `);
  });

  it("gives no warning when a machine matches exactly", () => {
    const result = choice(selectMachine(vertexCatalog, { cpu: 8, memoryGiB: 32 }));
    expect(result.machine.name).toBe("e2-standard-8");
    expect(result.warnings).toEqual([]);
  });

  it("takes fewer vCPUs before less memory", () => {
    expect(choice(selectMachine(vertexCatalog, { memoryGiB: 100 })).machine.name).toBe("e2-highmem-16");
    expect(choice(selectMachine(vertexCatalog, { cpu: 16 })).machine.name).toBe("e2-highcpu-16");
  });

  it("words the warning without a step when none is named", () => {
    expect(choice(selectMachine(vertexCatalog, { memoryGiB: 20 })).warnings).toMatchInlineSnapshot(`
      [
        "Asked 20 GiB, gets e2-highmem-4 with 4 vCPU / 32 GB.",
      ]
    `);
  });

  it("leaves e2 when no e2 machine is big enough", () => {
    expect(choice(selectMachine(vertexCatalog, { cpu: 64, memoryGiB: 400 })).machine.name).toBe("n1-highmem-64");
    expect(choice(selectMachine(vertexCatalog, { cpu: 96, memoryGiB: 624 })).machine.name).toBe("n1-highmem-96");
  });

  it("never puts a CPU-only step on a machine with built-in GPUs", () => {
    const result = choice(selectMachine(vertexCatalog, { cpu: 90 }));
    expect(result.machine.builtIn).toBeUndefined();
    expect(result.accelerator).toBeUndefined();
  });

  it("prefers the default machine's family only when it fits, then the smallest of any family", () => {
    const catalog: MachineCatalog = {
      target: "t",
      asOf: "2026-11-22",
      sources: [],
      defaultMachine: "big-4",
      machines: [
        { name: "small-2", family: "small", vcpu: 2, memoryGiB: 4 },
        { name: "small-16", family: "small", vcpu: 16, memoryGiB: 32 },
        { name: "big-4", family: "big", vcpu: 4, memoryGiB: 16 },
        { name: "big-8", family: "big", vcpu: 8, memoryGiB: 32 },
      ],
    };
    expect(choice(selectMachine(catalog, { cpu: 2 })).machine.name).toBe("big-4");
    expect(choice(selectMachine(catalog, { cpu: 12 })).machine.name).toBe("small-16");
  });
});

describe("requests no machine can serve", () => {
  it("names the largest machine when CPU or memory is beyond every machine", () => {
    const texts = [
      selectMachine(vertexCatalog, { cpu: 200 }, "train"),
      selectMachine(vertexCatalog, { memoryGiB: 1000 }, "train"),
      selectMachine(vertexCatalog, { cpu: 200, memoryGiB: 1000 }),
    ].map(problem);
    expect(texts).toMatchInlineSnapshot(`
      [
        {
          "fix": "Ask for at most 96 CPU (the largest is n1-highmem-96 with 96 vCPU / 624 GB), or split the step.",
          "message": "Step 'train' asks for 200 CPU, more than a vertexai machine without built-in GPUs has: the most is 96 vCPU and 624 GB.",
        },
        {
          "fix": "Ask for at most 624 GiB (the largest is n1-highmem-96 with 96 vCPU / 624 GB), or split the step.",
          "message": "Step 'train' asks for 1000 GiB, more than a vertexai machine without built-in GPUs has: the most is 96 vCPU and 624 GB.",
        },
        {
          "fix": "Ask for at most 96 CPU and 624 GiB (the largest is n1-highmem-96 with 96 vCPU / 624 GB), or split the step.",
          "message": "The request asks for 200 CPU / 1000 GiB, more than a vertexai machine without built-in GPUs has: the most is 96 vCPU and 624 GB.",
        },
      ]
    `);
  });

  it("rejects amounts that make no sense", () => {
    const texts = [
      selectMachine(vertexCatalog, { cpu: 0 }, "prep"),
      selectMachine(vertexCatalog, { memoryGiB: Number.NaN }, "prep"),
      selectMachine(vertexCatalog, { gpu: { count: 1.5, type: "t4" } }, "prep"),
      selectMachine(vertexCatalog, { gpu: { count: -1, type: "t4" } }),
    ].map((r) => problem(r).message);
    expect(texts).toMatchInlineSnapshot(`
      [
        "Step 'prep' asks for 0 CPU; a CPU request must be a number above 0.",
        "Step 'prep' asks for NaN GiB of memory; a memory request must be a number above 0.",
        "Step 'prep' asks for 1.5 GPUs; a GPU count must be a whole number, 0 or more.",
        "The request asks for -1 GPUs; a GPU count must be a whole number, 0 or more.",
      ]
    `);
  });

  it("reports a catalog whose default machine is missing instead of throwing", () => {
    const broken: MachineCatalog = { ...vertexCatalog, defaultMachine: "e2-standard-2" };
    expect(problem(selectMachine(broken, {}))).toMatchInlineSnapshot(`
      {
        "fix": "Add e2-standard-2 to the catalog's machines, or set defaultMachine to one of them.",
        "message": "The vertexai catalog's default machine 'e2-standard-2' is not among its machines.",
      }
    `);
  });
});
