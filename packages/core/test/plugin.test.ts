import { FerryError } from "@ferry/core";
import {
  defineRunnerPlugin,
  type ExecutionPlan,
  type Logger,
  type RunnerPlugin,
  validatePluginOptions,
  wrapPlugin,
} from "@ferry/core/plugin";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { rejection, thrown } from "./helpers/errors.ts";

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
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

  describe("throttling and auth", () => {
    const flaky = (failures: number, error: object) => {
      let calls = 0;
      return {
        calls: () => calls,
        fn: async () => {
          calls++;
          if (calls <= failures) throw Object.assign(new Error(`HTTP error ${calls}`), error);
          return { state: "succeeded" as const };
        },
      };
    };
    const wrapFast = (plugin: RunnerPlugin<{ region: string }>, logger = silent) =>
      wrapPlugin(plugin, { region: "europe-west4" }, { runId: "r1", projectRoot: "/p", logger, retryBaseMs: 1 });

    it.each([
      ["HTTP 429", { statusCode: 429 }],
      ["HTTP 503 (AWS SDK shape)", { $metadata: { httpStatusCode: 503 } }],
      ["gRPC UNAVAILABLE", { code: 14 }],
    ])("retries %s on poll, warning each time", async (_, shape) => {
      const poll = flaky(2, shape);
      const warnings: string[] = [];
      const runtime = wrapFast(fakeTarget({ poll: poll.fn }), {
        ...silent,
        warn: (m: string) => {
          warnings.push(m);
        },
      });
      expect(await runtime.poll({ target: "fake", runId: "r1" })).toEqual({ state: "succeeded" });
      expect(poll.calls()).toBe(3);
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatch(/^fake: poll was throttled or unavailable; retrying in \d+ ms$/);
    });

    it("gives up after five attempts with the last error", async () => {
      const poll = flaky(99, { status: 503 });
      const error = await rejection(wrapFast(fakeTarget({ poll: poll.fn })).poll({ target: "fake", runId: "r1" }));
      expect(poll.calls()).toBe(5);
      expect(error.message).toBe("Target 'fake' failed in poll: HTTP error 5");
    });

    it("does not retry compile (not a platform call)", async () => {
      const compile = flaky(1, { statusCode: 429 });
      await rejection(wrapFast(fakeTarget({ compile: compile.fn as never })).compile(plan));
      expect(compile.calls()).toBe(1);
    });

    it("reports refused credentials clearly, exit 2", async () => {
      const runtime = wrapFast(fakeTarget({ submit: flaky(9, { statusCode: 403 }).fn as never }));
      await runtime.compile(plan);
      await runtime.package(plan);
      const error = await rejection(runtime.submit({ files: {}, summary: "" }, { kind: "none" }));
      expect(error.code).toBe("TARGET_AUTH_FAILED");
      expect(error.message).toBe("Target 'fake' refused the credentials in submit: HTTP error 1");
      expect(error.hint).toContain("default credential chain");
    });
  });
});
