import { describe, expect, it } from "vitest";
import { isProblem, selectMachine } from "./select.ts";
import type { MachineChoice, MachineProblem, ResourceRequest } from "./types.ts";
import { vertexCatalog } from "./vertex/catalog.ts";

function choose(request: ResourceRequest, step?: string): MachineChoice {
  const result = selectMachine(vertexCatalog, request, step);
  if (isProblem(result)) throw new Error(`expected a machine, got: ${result.message}`);
  return result;
}

function problem(request: ResourceRequest, step?: string): MachineProblem {
  const result = selectMachine(vertexCatalog, request, step);
  if (!isProblem(result)) throw new Error(`expected a problem, got ${result.machine.name}`);
  return result;
}

describe("GPU type per machine family", () => {
  it.each([
    ["t4", 1, "n1-highmem-2", "NVIDIA_TESLA_T4"],
    ["a100", 1, "a2-highgpu-1g", "NVIDIA_TESLA_A100"],
    ["a100-80gb", 2, "a2-ultragpu-2g", "NVIDIA_A100_80GB"],
    ["l4", 1, "g2-standard-4", "NVIDIA_L4"],
    ["h100", 8, "a3-highgpu-8g", "NVIDIA_H100_80GB"],
    ["v100", 8, "n1-highmem-2", "NVIDIA_TESLA_V100"],
  ])("%s × %i → %s", (type, count, machine, enumName) => {
    const result = choose({ gpu: { count, type } });
    expect(result.machine.name).toBe(machine);
    expect(result.accelerator).toEqual({ type: enumName, count });
    expect(result.warnings).toEqual([]);
  });

  it("sizes the machine to the CPU and memory asked beside the GPU", () => {
    const l4 = choose({ cpu: 16, memoryGiB: 60, gpu: { count: 1, type: "l4" } });
    expect([l4.machine.name, l4.accelerator]).toEqual(["g2-standard-16", { type: "NVIDIA_L4", count: 1 }]);
    const t4 = choose({ cpu: 8, memoryGiB: 30, gpu: { count: 1, type: "t4" } });
    expect(t4.machine.name).toBe("n1-standard-8");
  });
});

describe("GPU type names", () => {
  it.each(["t4", "T4", "NVIDIA_TESLA_T4", "nvidia-tesla-t4", " Nvidia Tesla T4 "])("%s is the T4", (type) => {
    expect(choose({ gpu: { count: 1, type } }).accelerator?.type).toBe("NVIDIA_TESLA_T4");
  });

  it("keeps the A100 40GB and 80GB apart", () => {
    expect(choose({ gpu: { count: 1, type: "A100-40GB" } }).machine.name).toBe("a2-highgpu-1g");
    expect(choose({ gpu: { count: 1, type: "nvidia-a100-80gb" } }).machine.name).toBe("a2-ultragpu-1g");
  });
});

describe("GPU counts", () => {
  it("rounds 3 T4 up to 4, an allowed count on N1, and says so", () => {
    const result = choose({ gpu: { count: 3, type: "t4" } }, "train");
    expect(result.accelerator).toEqual({ type: "NVIDIA_TESLA_T4", count: 4 });
    expect(result.warnings).toMatchInlineSnapshot(`
      [
        "Step 'train' asked 3 NVIDIA_TESLA_T4, gets 4: n1-highmem-2 takes 1, 2, 4.",
      ]
    `);
  });

  it("rounds 3 A100 up to the machine that comes with 4", () => {
    const result = choose({ gpu: { count: 3, type: "a100" } }, "train");
    expect(result.machine.name).toBe("a2-highgpu-4g");
    expect(result.warnings).toMatchInlineSnapshot(`
      [
        "Step 'train' asked 3 NVIDIA_TESLA_A100, gets 4: a2-highgpu-4g comes with 4.",
      ]
    `);
  });

  it("takes more GPUs when the CPU asked is beyond what one V100 allows on N1", () => {
    const result = choose({ cpu: 16, gpu: { count: 1, type: "v100" } }, "train");
    expect(result.machine.vcpu).toBe(16);
    expect(result.accelerator).toEqual({ type: "NVIDIA_TESLA_V100", count: 2 });
    expect(result.warnings).toMatchInlineSnapshot(`
      [
        "Step 'train' asked 1 NVIDIA_TESLA_V100, gets 2: n1-highcpu-16 takes 2, 4, 8.",
      ]
    `);
  });

  it("reports both roundings when GPUs and memory are rounded up", () => {
    expect(choose({ memoryGiB: 100, gpu: { count: 12, type: "a100" } }, "train").warnings).toMatchInlineSnapshot(`
      [
        "Step 'train' asked 12 NVIDIA_TESLA_A100, gets 16: a2-megagpu-16g comes with 16.",
        "Step 'train' asked 100 GiB, gets a2-megagpu-16g with 96 vCPU / 1360 GB.",
      ]
    `);
  });
});

describe("GPU requests no machine can serve", () => {
  it("asks for a type instead of assuming one, listing the types", () => {
    expect(problem({ gpu: { count: 1 } }, "train")).toMatchInlineSnapshot(`
      {
        "fix": "Set gpu.type to one of: t4 (NVIDIA_TESLA_T4), p4 (NVIDIA_TESLA_P4), v100 (NVIDIA_TESLA_V100), p100 (NVIDIA_TESLA_P100), a100 or a100-40gb (NVIDIA_TESLA_A100), a100-80gb (NVIDIA_A100_80GB), l4 (NVIDIA_L4), h100 (NVIDIA_H100_80GB).",
        "message": "Step 'train' asks for 1 GPU(s) without a type, and vertexai needs one to choose a machine.",
      }
    `);
  });

  it("lists the known types for an unknown one", () => {
    expect(problem({ gpu: { count: 1, type: "k80" } })).toMatchInlineSnapshot(`
      {
        "fix": "Use one of: t4 (NVIDIA_TESLA_T4), p4 (NVIDIA_TESLA_P4), v100 (NVIDIA_TESLA_V100), p100 (NVIDIA_TESLA_P100), a100 or a100-40gb (NVIDIA_TESLA_A100), a100-80gb (NVIDIA_A100_80GB), l4 (NVIDIA_L4), h100 (NVIDIA_H100_80GB).",
        "message": "The request asks for GPU type 'k80', which no vertexai machine in this catalog carries.",
      }
    `);
  });

  it("names the most GPUs of that type a machine carries", () => {
    expect(problem({ gpu: { count: 16, type: "t4" } }, "train")).toMatchInlineSnapshot(`
      {
        "fix": "Ask for at most 4 NVIDIA_TESLA_T4 (n1-highmem-2 carries 4), or split the work across steps.",
        "message": "Step 'train' asks for 16 NVIDIA_TESLA_T4, more than any vertexai machine carries (4 at most).",
      }
    `);
    expect(problem({ gpu: { count: 32, type: "a100" } }, "train").fix).toContain("a2-megagpu-16g");
  });

  it("names the largest machine with that GPU when CPU or memory is beyond it", () => {
    expect(problem({ cpu: 200, gpu: { count: 1, type: "l4" } }, "train")).toMatchInlineSnapshot(`
      {
        "fix": "Ask for at most 96 CPU with NVIDIA_L4, or choose a GPU type that comes on larger machines.",
        "message": "Step 'train' asks for 200 CPU with 1 NVIDIA_L4, more than any vertexai machine carrying NVIDIA_L4 has: the largest is g2-standard-96 with 96 vCPU / 384 GB.",
      }
    `);
  });
});
