import { describe, expect, it } from "vitest";
import { acceleratorTypes } from "../accelerator-types.ts";
import { vertexCatalog } from "./catalog.ts";

const { machines } = vertexCatalog;

describe("the Vertex AI catalog", () => {
  it("is dated and sourced from Google's pages", () => {
    expect(vertexCatalog.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(vertexCatalog.sources.length).toBeGreaterThan(0);
    for (const url of vertexCatalog.sources) expect(url).toMatch(/^https:\/\/cloud\.google\.com\//);
  });

  it("lists each machine once", () => {
    const names = machines.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("has its default machine, e2-standard-4 with 4 vCPU / 16 GB", () => {
    const fallback = machines.find((m) => m.name === vertexCatalog.defaultMachine);
    expect(fallback).toMatchObject({ name: "e2-standard-4", vcpu: 4, memoryGiB: 16 });
  });

  it("names each machine's family after its prefix, with positive vCPU and memory", () => {
    for (const m of machines) {
      expect(m.name.startsWith(`${m.family}-`), m.name).toBe(true);
      expect(m.vcpu, m.name).toBeGreaterThan(0);
      expect(m.memoryGiB, m.name).toBeGreaterThan(0);
    }
  });

  it("gives every accelerator type an alias, and every alias a machine", () => {
    const aliased = new Set(Object.values(vertexCatalog.acceleratorAliases ?? {}));
    const carried = acceleratorTypes(vertexCatalog);
    expect(carried.filter((type) => !aliased.has(type))).toEqual([]);
    expect([...aliased].filter((type) => !carried.includes(type))).toEqual([]);
  });

  it("allows GPU counts in ascending order, one fixed count when built in", () => {
    for (const m of machines) {
      for (const option of m.accelerators ?? []) {
        expect(option.counts.length, m.name).toBeGreaterThan(0);
        expect(option.counts, m.name).toEqual(option.counts.toSorted((a, b) => a - b));
        expect(new Set(option.counts).size, m.name).toBe(option.counts.length);
        if (m.builtIn) expect(option.counts, m.name).toHaveLength(1);
      }
    }
  });

  it("names built-in GPU counts in the machine name (a2-highgpu-4g carries 4)", () => {
    for (const m of machines.filter((m) => m.builtIn && /-\d+g$/.test(m.name))) {
      expect(m.accelerators?.[0]?.counts, m.name).toEqual([Number(m.name.match(/-(\d+)g$/)?.[1])]);
    }
  });

  it("tops out CPU-only machines at the pipeline limits: 96 CPUs and 624 GB", () => {
    const cpuOnly = machines.filter((m) => !m.builtIn);
    expect(Math.max(...cpuOnly.map((m) => m.vcpu))).toBe(96);
    expect(Math.max(...cpuOnly.map((m) => m.memoryGiB))).toBe(624);
  });

  it("attaches GPUs only to N1 machines and builds them into A2, G2 and A3", () => {
    const families = (pick: (m: (typeof machines)[number]) => boolean) => [
      ...new Set(machines.filter(pick).map((m) => m.family)),
    ];
    expect(families((m) => !m.builtIn && (m.accelerators?.length ?? 0) > 0)).toEqual(["n1"]);
    expect(families((m) => m.builtIn === true)).toEqual(["a2", "g2", "a3"]);
  });
});
