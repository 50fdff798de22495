import { describe, expect, it } from "vitest";
import { n1Accelerators } from "./n1-gpu-limits.ts";

const counts = (vcpu: number, memory: number) =>
  Object.fromEntries(n1Accelerators(vcpu, memory).map((o) => [o.type, o.counts]));

describe("GPUs an N1 machine can carry", () => {
  it("lets a small machine take every count", () => {
    expect(counts(4, 15)).toEqual({
      NVIDIA_TESLA_T4: [1, 2, 4],
      NVIDIA_TESLA_P4: [1, 2, 4],
      NVIDIA_TESLA_V100: [1, 2, 4, 8],
      NVIDIA_TESLA_P100: [1, 2, 4],
    });
  });

  it("needs more GPUs as the machine grows (n1-standard-32)", () => {
    expect(counts(32, 120)).toEqual({
      NVIDIA_TESLA_T4: [1, 2, 4],
      NVIDIA_TESLA_P4: [2, 4],
      NVIDIA_TESLA_V100: [4, 8],
      NVIDIA_TESLA_P100: [2, 4],
    });
  });

  it("leaves out a GPU no count of which allows the machine's memory (P100 on n1-highmem-96)", () => {
    expect(counts(96, 624)).toEqual({ NVIDIA_TESLA_T4: [4], NVIDIA_TESLA_P4: [4], NVIDIA_TESLA_V100: [8] });
  });
});
