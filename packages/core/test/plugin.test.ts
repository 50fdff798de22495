import { FerryError } from "@ferry/core";
import {
  defineRunnerPlugin,
  type ExecutionPlan,
  type RunnerPlugin,
  validatePluginOptions,
  wrapPlugin,
} from "@ferry/core/plugin";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { rejection, thrown } from "./helpers/errors.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const plan = { version: 1, runId: "r1", steps: [] } as unknown as ExecutionPlan;

type Overrides = { [K in keyof RunnerPlugin<{ region: string }>]?: RunnerPlugin<{ region: string }>[K] | undefined };

function fakeTarget(overrides: Overrides = {}): RunnerPlugin<{ region: string }> {
  return {
    name: "fake",
    contract: 1,
    options: z.strictObject({ region: z.string().regex(/^[a-z]+-[a-z]+\d$/), retries: z.int().optional() }),
    capabilities: { cancel: "stable", gpu: "experimental" },
    compile: async () => ({ files: { "spec.json": "{}" }, summary: "0 steps" }),
    package: async () => ({ kind: "none" }),
    submit: async (ctx) => ({ target: "fake", runId: ctx.runId }),
    poll: async () => ({ state: "succeeded" }),
    cancel: async () => {},
    ...overrides,
  } as RunnerPlugin<{ region: string }>;
}

describe("defineRunnerPlugin", () => {
  it("accepts a complete plugin and freezes it", () => {
    const plugin = defineRunnerPlugin(fakeTarget());
    expect(Object.isFrozen(plugin)).toBe(true);
  });

  it("lists every shape problem at once", () => {
    const broken = { ...fakeTarget(), name: "Fake Target", contract: 2, poll: undefined, cancel: undefined };
    expect(thrown(() => defineRunnerPlugin(broken as never)).message).toMatchInlineSnapshot(`
      "Runner plugin 'Fake Target' is invalid:
      - name 'Fake Target' must match /^[a-z][a-z0-9-]*$/ (it is the --target value)
      - contract 2 is not supported (this core speaks 1)
      - poll() is missing
      - capabilities.cancel is declared but cancel() is missing"
    `);
  });
});

describe("validatePluginOptions", () => {
  it("returns the validated options", async () => {
    expect(await validatePluginOptions(fakeTarget(), { region: "europe-west4" }, "conf/base/targets.yml")).toEqual({
      region: "europe-west4",
    });
  });

  it("reports every issue with its key path", async () => {
    const error = await rejection(
      validatePluginOptions(fakeTarget(), { region: "Mars", retries: 1.5, zone: "a" }, "conf/base/targets.yml"),
    );
    expect(error.code).toBe("PLUGIN_OPTIONS_INVALID");
    expect(error.message.split("\n")[0]).toBe("Options for target 'fake' (conf/base/targets.yml) are invalid:");
    expect(error.message).toContain("- region: Invalid string");
    expect(error.message).toContain("- retries: ");
    expect(error.message).toContain('- (root): Unrecognized key: "zone"');
    expect(error.hint).toBe("Fix the 'fake' section of conf/base/targets.yml.");
  });
});

describe("wrapPlugin", () => {
  const wrap = (plugin: RunnerPlugin<{ region: string }>, signal?: AbortSignal) =>
    wrapPlugin(plugin, { region: "europe-west4" }, { runId: "r1", projectRoot: "/p", logger: silent, signal });

  it("turns any throw into one PLUGIN_ERROR naming the plugin and phase", async () => {
    const runtime = wrap(
      fakeTarget({
        compile: async () => {
          throw new TypeError("spec.steps is not iterable");
        },
      }),
    );
    const error = await rejection(runtime.compile(plan));
    expect(error.code).toBe("PLUGIN_ERROR");
    expect(error.message).toBe("Target 'fake' failed in compile: spec.steps is not iterable");
    expect(error.details).toEqual({ plugin: "fake", phase: "compile" });
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it("wraps exactly once", async () => {
    const runtime = wrap(fakeTarget({ poll: async () => Promise.reject(new Error("503")) }));
    const error = await rejection(runtime.poll({ target: "fake", runId: "r1" }));
    expect(FerryError.is(error.cause)).toBe(false);
  });

  it("refuses submit before compile and package", async () => {
    const runtime = wrap(fakeTarget());
    const compiled = await runtime.compile(plan);
    expect(() => runtime.submit(compiled, { kind: "none" })).toThrow(
      "submit was called on target 'fake' before package.",
    );
    await runtime.package(plan);
    expect(await runtime.submit(compiled, { kind: "none" })).toEqual({ target: "fake", runId: "r1" });
  });

  it("passes the run id, options and an abort signal to every phase", async () => {
    const controller = new AbortController();
    let seen: unknown;
    const runtime = wrap(
      fakeTarget({
        compile: (ctx) => {
          seen = { runId: ctx.runId, options: ctx.options, aborted: ctx.signal.aborted };
          return new Promise(() => {}); // never settles: only the abort ends it
        },
      }),
      controller.signal,
    );
    const pending = rejection(runtime.compile(plan));
    controller.abort(new Error("Ctrl-C"));
    expect((await pending).message).toBe("Target 'fake' failed in compile: Ctrl-C");
    expect(seen).toEqual({ runId: "r1", options: { region: "europe-west4" }, aborted: false });
  });

  it("says when a target cannot cancel", async () => {
    const runtime = wrap(fakeTarget({ capabilities: {}, cancel: undefined }));
    expect(runtime.supports("cancel")).toBe(false);
    await expect(runtime.cancel({ target: "fake", runId: "r1" })).rejects.toThrow("Target 'fake' cannot cancel runs.");
  });
});
