import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { SDK_VERSION, VERSION } from "./version.ts";

it("names the package version in sdkVersion", () => {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "../package.json"), "utf8")) as { version: string };
  expect(VERSION).toBe(pkg.version);
  expect(SDK_VERSION).toBe(`ferry-kfp-${pkg.version}`);
});
