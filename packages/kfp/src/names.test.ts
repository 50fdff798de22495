import { describe, expect, it } from "vitest";
import { KFP_LIMITS } from "./limits.ts";
import { mapStepNames, sanitizeParamName, sanitizeTaskName } from "./names.ts";

describe("task names", () => {
  it.each([
    ["data_processing.preprocess_companies", "data-processing-preprocess-companies"],
    ["Train", "train"],
    ["_1st", "step-1st"],
    ["--a--b--", "a-b"],
    ["café.crème", "cafe-creme"],
    ["___", ""],
  ])("%s → %s", (id, name) => {
    expect(sanitizeTaskName(id)).toBe(name);
    if (name !== "") expect(name).toMatch(KFP_LIMITS.taskName);
  });

  it("cuts long names to the limit with a hash of the id, so two long ids stay apart", () => {
    const [a, b] = [`${"a".repeat(200)}_1`, `${"a".repeat(200)}_2`];
    const [na, nb] = [sanitizeTaskName(a), sanitizeTaskName(b)];
    expect(na).toHaveLength(KFP_LIMITS.taskNameMaxLength);
    expect(na).toMatch(/^a+-[0-9a-f]{8}$/);
    expect(na).not.toBe(nb);
  });

  it("lets ids that are valid names keep them, whatever the order", () => {
    for (const ids of [
      ["a.b", "a-b", "a-b-2"],
      ["a-b-2", "a-b", "a.b"],
    ]) {
      const { mapping } = mapStepNames(ids, []);
      expect(mapping.stepToTask).toEqual({ "a.b": "a-b-3", "a-b": "a-b", "a-b-2": "a-b-2" });
      expect(mapping.taskToStep).toEqual({ "a-b-3": "a.b", "a-b": "a-b", "a-b-2": "a-b-2" });
    }
  });

  it("never gives out a reserved name", () => {
    expect(mapStepNames(["demo", "x"], ["demo"]).mapping.stepToTask).toEqual({ demo: "demo-2", x: "x" });
  });
});

describe("parameter names", () => {
  it.each([
    ["learning_rate", "learning_rate"],
    ["Batch-Size", "batch_size"],
    ["2nd_stage", "p_2nd_stage"],
    ["__", ""],
  ])("%s → %s", (key, name) => expect(sanitizeParamName(key)).toBe(name));
});
