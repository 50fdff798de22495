import { describe, expect, it } from "vitest";
import { runState, taskState, timeOf } from "./states.ts";

describe("KFP runtime states", () => {
  it("maps every RuntimeState, with the US spelling CANCELED", () => {
    const states = [
      "RUNTIME_STATE_UNSPECIFIED",
      "PENDING",
      "RUNNING",
      "SUCCEEDED",
      "SKIPPED",
      "FAILED",
      "CANCELING",
      "CANCELED",
      "PAUSED",
    ];
    expect(Object.fromEntries(states.map((s) => [s, runState(s)]))).toEqual({
      RUNTIME_STATE_UNSPECIFIED: "queued",
      PENDING: "queued",
      RUNNING: "running",
      SUCCEEDED: "succeeded",
      SKIPPED: "succeeded",
      FAILED: "failed",
      CANCELING: "cancelling",
      CANCELED: "cancelled",
      PAUSED: "running",
    });
    // Vertex's spelling is not KFP's: an unknown state is not taken as an end.
    expect(runState("CANCELLED")).toBe("running");
    expect(runState(undefined)).toBe("queued");
    expect(taskState("SKIPPED")).toBe("succeeded");
  });

  it("reads RFC 3339 times, and KFP's zero time as none", () => {
    expect(timeOf("2026-11-22T10:00:00.250Z")).toBe(Date.UTC(2026, 10, 22, 10, 0, 0, 250));
    expect(timeOf("1970-01-01T00:00:00Z")).toBeUndefined();
    expect(timeOf(undefined)).toBeUndefined();
  });
});
