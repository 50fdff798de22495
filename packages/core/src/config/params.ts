import type { StandardSchemaV1 } from "@standard-schema/spec";
import { FerryError } from "../errors/ferry-error.ts";
import { didYouMean } from "../suggest.ts";

export interface ParamOverride {
  readonly path: string;
  readonly value: unknown;
}

/**
 * Parse `--params` values: `a.b=3`, several per flag separated by commas
 * (`a=1,b.c=x`). Values are YAML scalars: `3` is a number, `true` a boolean, `[1,2]` a list.
 */
export async function parseParamOverrides(specs: readonly string[]): Promise<ParamOverride[]> {
  const out: ParamOverride[] = [];
  const { parse: parseYamlValue } = await import("yaml");
  for (const spec of specs) {
    for (const part of spec.split(/,(?=\s*[A-Za-z_][\w.-]*\s*=)/)) {
      const eq = part.indexOf("=");
      const path = part.slice(0, eq).trim();
      if (eq <= 0 || path.length === 0) {
        throw new FerryError("PARAMS_INVALID", {
          message: `--params '${part}' is not of the form key=value.`,
          hint: "Write --params model_options.test_size=0.3 (dotted key, '=', value).",
        });
      }
      const raw = part.slice(eq + 1).trim();
      let value: unknown = raw;
      try {
        value = raw === "" ? "" : parseYamlValue(raw);
      } catch {
        // Not a YAML value (e.g. an unbalanced bracket): keep the string as typed.
      }
      out.push({ path, value });
    }
  }
  return out;
}

function leafPaths(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return prefix ? [prefix] : [];
  const entries = Object.entries(value);
  const paths = prefix ? [prefix] : [];
  for (const [k, v] of entries) paths.push(...leafPaths(v, prefix ? `${prefix}.${k}` : k));
  return paths;
}

/** Apply overrides to a copy of `params`. A key not in the params is an error (with "did you mean"). */
export function applyOverrides(params: Record<string, unknown>, overrides: readonly ParamOverride[]) {
  const out = structuredClone(params);
  const known = leafPaths(params);
  for (const { path, value } of overrides) {
    const keys = path.split(".");
    let target: Record<string, unknown> = out;
    for (const [i, key] of keys.entries()) {
      const isLast = i === keys.length - 1;
      if (!(key in target) || (!isLast && (typeof target[key] !== "object" || target[key] === null))) {
        throw new FerryError("PARAM_UNKNOWN", {
          message: `--params sets '${path}', which is not a parameter of this project.${didYouMean(path, known)}`,
          hint: "Overrides may only change parameters defined in conf/<env>/parameters.yml; list them with `ferry list params`.",
        });
      }
      if (isLast) target[key] = value;
      else target = target[key] as Record<string, unknown>;
    }
  }
  return out;
}

/** The value at a dotted path, or `undefined` with the known paths for a suggestion. */
export function paramAt(params: Record<string, unknown>, path: string): { found: boolean; value: unknown } {
  let current: unknown = params;
  for (const key of path.split(".")) {
    if (typeof current !== "object" || current === null || !(key in current)) return { found: false, value: undefined };
    current = (current as Record<string, unknown>)[key];
  }
  return { found: true, value: current };
}

export function knownParamPaths(params: Record<string, unknown>): string[] {
  return leafPaths(params);
}

/** Validate merged params with the project's schema; every issue is listed with its key path. */
export async function validateParams<T>(schema: StandardSchemaV1<unknown, T>, params: unknown): Promise<T> {
  const result = await schema["~standard"].validate(params);
  if (result.issues === undefined) return result.value;
  const lines = result.issues.map((issue) => {
    const path = (issue.path ?? []).map((p) => (typeof p === "object" ? p.key : p)).join(".");
    return `- ${path || "(root)"}: ${issue.message}`;
  });
  throw new FerryError("PARAMS_INVALID", {
    message: `The parameters do not match the project's schema:\n${lines.join("\n")}`,
    hint: "Fix the values in conf/<env>/parameters.yml or in --params.",
  });
}
