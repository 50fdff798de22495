import { describe, expect, it } from "vitest";
import { registryAuthByHost } from "./by-host.ts";

describe("registryAuthByHost", () => {
  it("asks each vendor's chain for its own registries and docker login for the rest", () => {
    const auth = registryAuthByHost();
    expect(auth.source("us-central1-docker.pkg.dev")).toBe("Google Application Default Credentials");
    expect(auth.source("gcr.io")).toBe("Google Application Default Credentials");
    expect(auth.source("123456789012.dkr.ecr.eu-west-1.amazonaws.com")).toBe("the AWS SDK's credential chain");
    for (const other of ["ghcr.io", "127.0.0.1:5000", "docker.io", "notpkg.dev.example.com"]) {
      expect(auth.source(other)).toMatch(/config\.json$/);
    }
  });
});
