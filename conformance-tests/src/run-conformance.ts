import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { RunnerPlugin } from "@ferry/core/plugin";
import { afterAll, describe } from "vitest";
import { createSuiteContext } from "./context.ts";
import type { Harness } from "./harness.ts";
import { compileSuite } from "./suites/compile.ts";
import { contractSuite } from "./suites/contract.ts";
import { controlSuite } from "./suites/control.ts";
import { executeSuite } from "./suites/execute.ts";
import { liveSuite } from "./suites/live.ts";
import { packageSuite } from "./suites/package.ts";

/** The tiers, in order; `disable` takes these names. */
export const SUITES = {
  contract: contractSuite,
  compile: compileSuite,
  package: packageSuite,
  execute: executeSuite,
  control: controlSuite,
  live: liveSuite,
} as const;
export type SuiteName = keyof typeof SUITES;

export interface ConformanceOptions {
  /** A fresh plugin per use, as a third party would build it. */
  readonly plugin: () => RunnerPlugin<any>;
  readonly harness: Harness;
  /** Tiers not to run, each with the reason printed. */
  readonly disable?: Readonly<Partial<Record<SuiteName, string>>>;
  /** Where reference projects are written; must be inside a folder where `@ferry/core` resolves. @default `.ferry-conformance` in the working directory */
  readonly workdir?: string;
}

/** Register the conformance suite for one plugin with vitest. Call it at the top of a test file. */
export function runConformance(options: ConformanceOptions): void {
  const workdir = options.workdir ?? join(process.cwd(), ".ferry-conformance", options.plugin().name);
  mkdirSync(workdir, { recursive: true });
  afterAll(() => rmSync(workdir, { recursive: true, force: true }));
  const ctx = createSuiteContext(options.plugin, options.harness, workdir);
  describe(`conformance: ${options.plugin().name}`, () => {
    for (const [name, suite] of Object.entries(SUITES) as [SuiteName, (typeof SUITES)[SuiteName]][]) {
      const reason = options.disable?.[name];
      if (reason) describe.skip(`${name} — disabled: ${reason}`, () => {});
      else suite(ctx);
    }
  });
}
