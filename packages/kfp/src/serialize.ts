import type { CompiledPipeline } from "./compile.ts";

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** A copy with every mapping's keys sorted, so equal specs serialize to equal bytes. */
function canonical(value: unknown): Json {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    const out: Record<string, Json> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value as Json;
}

/**
 * A PipelineSpec (or PlatformSpec) as JSON with sorted keys: what Vertex AI takes as
 * `pipelineSpec` and the KFP API as `pipeline_spec`. Same spec, same bytes.
 */
export function toJson(spec: object, options: { readonly indent?: number } = {}): string {
  return JSON.stringify(canonical(spec), null, options.indent ?? 2);
}

/**
 * The pipeline file as the kfp SDK writes it: the PipelineSpec as YAML, then the Kubernetes
 * PlatformSpec as a second document when there is one. Sorted keys; strings that any YAML
 * 1.1 or 1.2 reader could take for something else (`on`, `12:30`, `1e3`) are quoted, and
 * floats always have a `.`, so PyYAML and Go read the same values as JSON would give.
 */
export function toYaml(compiled: CompiledPipeline): string {
  const header = ["# PIPELINE DEFINITION", `# Name: ${compiled.spec.pipelineInfo.name}`];
  const docs = [yamlDocument(compiled.spec)];
  if (compiled.platformSpec) docs.push(yamlDocument(compiled.platformSpec));
  return `${header.join("\n")}\n${docs.join("---\n")}`;
}

function yamlDocument(value: object): string {
  const lines: string[] = [];
  block(canonical(value), 0, lines);
  return `${lines.join("\n")}\n`;
}

// YAML 1.1 reads these plain words as booleans or null (PyYAML does; Go's yaml.v2 too).
const WORDS = new Set(["y", "n", "yes", "no", "on", "off", "true", "false", "null"]);
const PLAIN = /^[A-Za-z_][A-Za-z0-9_./-]*$/;

const scalarText = (text: string) => (PLAIN.test(text) && !WORDS.has(text.toLowerCase()) ? text : JSON.stringify(text));

function numberText(n: number): string {
  if (Object.is(n, -0)) return "0";
  const text = String(n);
  // YAML 1.1 floats need a '.': 1e-7 would read as a string.
  return text.includes("e") && !text.includes(".") ? text.replace("e", ".0e") : text;
}

function inline(value: Json): string | undefined {
  if (value === null) return "null";
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") return numberText(value);
  if (typeof value === "string") return scalarText(value);
  if (Array.isArray(value)) return value.length === 0 ? "[]" : undefined;
  return Object.keys(value).length === 0 ? "{}" : undefined;
}

function block(value: Json, indent: number, lines: string[]): void {
  const pad = " ".repeat(indent);
  if (Array.isArray(value)) {
    for (const item of value as readonly Json[]) {
      const text = inline(item);
      if (text !== undefined) {
        lines.push(`${pad}- ${text}`);
      } else {
        const start = lines.length;
        block(item, indent + 2, lines);
        lines[start] = `${pad}- ${(lines[start] as string).slice(indent + 2)}`;
      }
    }
    return;
  }
  for (const [key, item] of Object.entries(value as Record<string, Json>)) {
    const text = inline(item);
    if (text !== undefined) lines.push(`${pad}${scalarText(key)}: ${text}`);
    else {
      lines.push(`${pad}${scalarText(key)}:`);
      block(item, indent + 2, lines);
    }
  }
}
