import { expect, it } from "vitest";
import { parseChallenge } from "./challenge.ts";
import { mergeScopes } from "./registry-auth.ts";

it("parses Bearer challenges with quoted, comma-holding values", () => {
  expect(
    parseChallenge(
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull,push",error="insufficient_scope"',
    ),
  ).toEqual({
    scheme: "bearer",
    params: {
      realm: "https://auth.docker.io/token",
      service: "registry.docker.io",
      scope: "repository:library/node:pull,push",
      error: "insufficient_scope",
    },
  });
});

it("parses Basic challenges, unquoted values and odd spacing", () => {
  expect(parseChallenge('Basic realm="ferry test"')).toEqual({ scheme: "basic", params: { realm: "ferry test" } });
  expect(parseChallenge("Bearer  realm=https://x/token , service=x")).toEqual({
    scheme: "bearer",
    params: { realm: "https://x/token", service: "x" },
  });
  expect(parseChallenge(null)).toBeUndefined();
});

it("asks for one scope per repository with all the actions wanted", () => {
  expect(mergeScopes(["repository:a:pull", "repository:a:pull,push", "repository:b/c:pull"])).toEqual([
    "repository:a:pull,push",
    "repository:b/c:pull",
  ]);
});
