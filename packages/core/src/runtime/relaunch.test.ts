import { describe, expect, it } from "vitest";
import type { ExecutionPlan } from "../plan/plan.ts";
import { relaunchPlan } from "./relaunch.ts";

const plan = {
  runId: "r1",
  storageRoot: "gs://b/runs",
  datasets: {
    mid: {
      role: "intermediate",
      type: "intermediate",
      uri: "gs://b/runs/r1/mid",
      versioned: false,
      loadArgs: {},
      saveArgs: {},
      consumers: [],
    },
    out: {
      role: "persistent",
      type: "csv",
      uri: "gs://b/data/r1/out.csv",
      versioned: false,
      loadArgs: {},
      saveArgs: {},
      consumers: [],
    },
  },
} as unknown as ExecutionPlan;

describe("relaunchPlan", () => {
  it("moves only the run's intermediates under the new run id", () => {
    const moved = relaunchPlan(plan, "0f3c-uuid");
    expect(moved.runId).toBe("0f3c-uuid");
    expect(moved.datasets.mid?.uri).toBe("gs://b/runs/0f3c-uuid/mid");
    expect(moved.datasets.out?.uri).toBe("gs://b/data/r1/out.csv");
  });

  it("keeps the plan as it is under its own run id", () => {
    expect(relaunchPlan(plan, "r1")).toBe(plan);
  });

  it("refuses a run id that could leave the storage root", () => {
    expect(() => relaunchPlan(plan, "../x")).toThrowErrorMatchingInlineSnapshot(
      `[FerryError: --run-id '../x' is not a run id (letters, digits, '.', '_' and '-', at most 128, starting with a letter or digit).]`,
    );
  });
});
