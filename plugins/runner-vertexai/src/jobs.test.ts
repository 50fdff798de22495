import { describe, expect, it } from "vitest";
import { pipelineJobId } from "./jobs.ts";
import { runState, stepState, timeOf } from "./states.ts";

describe("pipelineJobId", () => {
  it("is the pipeline name and the run id, in Vertex AI's job id alphabet", () => {
    expect(pipelineJobId("spaceflights", "20261122-214409-123-ab12")).toBe("spaceflights-20261122-214409-123-ab12");
    expect(pipelineJobId("demo", "Run_ID.7")).toBe("demo-run-id-7");
  });

  it("keeps the whole run id and at most 128 characters, starting with a letter", () => {
    const id = pipelineJobId("p".repeat(200), "20261122-214409-123-ab12");
    expect(id).toHaveLength(128);
    expect(id.endsWith("-20261122-214409-123-ab12")).toBe(true);
    expect(pipelineJobId("2024-report", "r1")).toMatch(/^[a-z][a-z0-9-]{0,127}$/);
  });
});

describe("Vertex AI states", () => {
  it("maps every job state; PAUSED is not an end", () => {
    expect(
      ["QUEUED", "PENDING", "RUNNING", "PAUSED", "SUCCEEDED", "FAILED", "CANCELLING", "CANCELLED"].map((s) =>
        runState(`PIPELINE_STATE_${s}`),
      ),
    ).toEqual(["queued", "queued", "running", "running", "succeeded", "failed", "cancelling", "cancelled"]);
  });

  it("maps task states: a cache hit (SKIPPED) succeeded, NOT_TRIGGERED never ran", () => {
    expect(["SKIPPED", "NOT_TRIGGERED", "CANCEL_PENDING", "FAILED"].map(stepState)).toEqual([
      "succeeded",
      "queued",
      "cancelling",
      "failed",
    ]);
  });

  it("reads protobuf timestamps as the SDK returns them", () => {
    expect(timeOf({ seconds: "1700000000", nanos: 250_000_000 })).toBe(1_700_000_000_250);
    expect(timeOf(null)).toBeUndefined();
  });
});
