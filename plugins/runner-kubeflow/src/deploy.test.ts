import { describe, expect, it } from "vitest";
import { versionName } from "./deploy.ts";

describe("deployed version names", () => {
  it("are <pipeline>-<run id>, within KFP's 127 characters", () => {
    expect(versionName("spaceflights", "20261122-211628-042-ab12")).toBe("spaceflights-20261122-211628-042-ab12");
    const long = versionName("p".repeat(128), "20261122-211628-042-ab12");
    expect(long).toHaveLength(127);
    expect(long.endsWith("-20261122-211628-042-ab12")).toBe(true);
    expect(versionName("x", "Run_ID.With Spaces")).toBe("x-run-id-with-spaces");
  });
});
