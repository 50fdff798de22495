import { FerryError } from "@ferry/core";
import { expect, it } from "vitest";
import { parseReference, registryBaseUrl } from "./reference.ts";

const digest = `sha256:${"a".repeat(64)}`;

it("splits registry, repository, tag and digest", () => {
  expect(parseReference(`127.0.0.1:5000/ferry/app:v1@${digest}`)).toEqual({
    registry: "127.0.0.1:5000",
    repository: "ferry/app",
    tag: "v1",
    digest,
  });
  expect(parseReference("us-docker.pkg.dev/proj/repo/app")).toMatchObject({
    registry: "us-docker.pkg.dev",
    repository: "proj/repo/app",
  });
  expect(parseReference("localhost/app:1")).toMatchObject({ registry: "localhost", repository: "app", tag: "1" });
});

it("reads Docker Hub short names as docker.io/library/...", () => {
  expect(parseReference(`node@${digest}`)).toMatchObject({ registry: "docker.io", repository: "library/node", digest });
  expect(parseReference("bitnami/redis:7")).toMatchObject({ registry: "docker.io", repository: "bitnami/redis" });
});

it("rejects what registries would reject, saying why", () => {
  for (const bad of [
    "127.0.0.1:5000/App",
    "https://127.0.0.1:5000/app",
    "r.io/app@sha256:abc",
    "r.io/app:-x",
    "r.io/a//b",
  ]) {
    expect(() => parseReference(bad)).toThrow(FerryError);
  }
});

it("speaks plain HTTP to loopback registries only, and finds Docker Hub's API host", () => {
  expect(registryBaseUrl("127.0.0.1:5000")).toBe("http://127.0.0.1:5000");
  expect(registryBaseUrl("localhost:5000")).toBe("http://localhost:5000");
  expect(registryBaseUrl("ghcr.io")).toBe("https://ghcr.io");
  expect(registryBaseUrl("docker.io")).toBe("https://registry-1.docker.io");
  expect(registryBaseUrl("registry.internal:5000", true)).toBe("http://registry.internal:5000");
});
