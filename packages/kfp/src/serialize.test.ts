import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import type { CompiledPipeline } from "./compile.ts";
import type { PipelineSpec } from "./ir.ts";
import { toJson, toYaml } from "./serialize.ts";

const awkward = {
  words: ["on", "No", "y", "true", "null", "~", ""],
  lookalikes: ["12:30", "0x1F", "1e3", "0o17", "017", "1_000", ".5", ".inf", "2.1.0", "2024-01-01"],
  text: ["a: b", "- x", "# not a comment", 'it\'s "quoted"\nsecond line', "é ☃", "{{$.inputs.parameters['x']}}"],
  numbers: [0, -0, 3, -7, 0.5, 1e-7, 1e21, 123456789.125, Number.MAX_SAFE_INTEGER],
  nested: [[], {}, [[1, [2]], { "": 1 }], { on: { off: null } }],
  booleans: [true, false],
};

/** A stand-in CompiledPipeline carrying arbitrary JSON in its spec. */
const compiledWith = (extra: object, platform?: object) =>
  ({
    spec: { pipelineInfo: { name: "demo" }, ...extra } as unknown as PipelineSpec,
    ...(platform ? { platformSpec: platform } : {}),
  }) as CompiledPipeline;

describe("toYaml", () => {
  it("reads back as the JSON values under YAML 1.1 (PyYAML) and 1.2 (Go) rules", () => {
    const compiled = compiledWith({ awkward });
    const expected = JSON.parse(toJson(compiled.spec));
    const text = toYaml(compiled);
    expect(parse(text, { version: "1.2" })).toEqual(expected);
    expect(parse(text, { version: "1.1" })).toEqual(expected);
  });

  it("sorts keys and writes the platform spec as a second document", () => {
    const text = toYaml(compiledWith({ b: 1, a: { d: 2, c: 3 } }, { platforms: { kubernetes: {} } }));
    expect(text).toMatchInlineSnapshot(`
      "# PIPELINE DEFINITION
      # Name: demo
      a:
        c: 3
        d: 2
      b: 1
      pipelineInfo:
        name: demo
      ---
      platforms:
        kubernetes: {}
      "
    `);
    expect(parseAllDocuments(text).map((d) => d.toJSON())).toHaveLength(2);
  });
});

describe("toJson", () => {
  it("is the same for the same content in any key order", () => {
    expect(toJson({ b: [{ y: 1, x: 2 }], a: 1 })).toBe(toJson({ a: 1, b: [{ x: 2, y: 1 }] }));
  });
});
