import type { Problem } from "@ferry/core";
import type { JsonValue, ParameterType } from "./ir.ts";
import { sanitizeParamName } from "./names.ts";

/**
 * A Ferry parameter exposed as a pipeline parameter: one per top-level key of the plan's
 * params, typed from its value, defaulting to it. Each step's component declares it as an
 * input wired from the pipeline's (`componentInputParameter`), and the step's command gets
 * `<flag> <key>={{$.inputs.parameters['<name>']}}`, so a run relaunched from the platform's
 * UI with other values hands them to `ferry run-node`.
 */
export interface PipelineParameter {
  /** Top-level key in the plan's params (what `ferry run-node` overrides). */
  readonly key: string;
  /** Input name in the PipelineSpec. */
  readonly name: string;
  readonly type: ParameterType;
  readonly defaultValue: JsonValue;
  /**
   * How the value reaches `ferry run-node`: the platform renders strings as they are and
   * every other type as JSON (numbers, `true`/`false`, lists and structs).
   */
  readonly flag: "--param-string" | "--param-json";
}

export const PARAMETER_TYPES: readonly ParameterType[] = [
  "NUMBER_INTEGER",
  "NUMBER_DOUBLE",
  "STRING",
  "BOOLEAN",
  "STRUCT",
  "LIST",
];

function isJson(value: unknown): value is JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).every(isJson);
  }
  return false;
}

function inferType(value: JsonValue): ParameterType | undefined {
  if (typeof value === "boolean") return "BOOLEAN";
  if (typeof value === "string") return "STRING";
  if (typeof value === "number") return Number.isInteger(value) ? "NUMBER_INTEGER" : "NUMBER_DOUBLE";
  if (Array.isArray(value)) return "LIST";
  return value === null ? undefined : "STRUCT";
}

/** Whether `value` may be the default of a parameter of `type`. */
function fits(type: ParameterType, value: JsonValue): boolean {
  const inferred = inferType(value);
  return inferred === type || (type === "NUMBER_DOUBLE" && inferred === "NUMBER_INTEGER");
}

/**
 * The pipeline parameters for a plan's params, sorted by key. `null` values are left out
 * (KFP has no null-typed parameter: the steps keep the plan's value), with a warning.
 */
export function pipelineParameters(
  params: Readonly<Record<string, unknown>>,
  types: Readonly<Record<string, ParameterType>>,
): { parameters: PipelineParameter[]; problems: Problem[]; warnings: string[] } {
  const parameters: PipelineParameter[] = [];
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const accepted: { key: string; base: string; type: ParameterType; defaultValue: JsonValue }[] = [];
  for (const key of Object.keys(types)) {
    if (!(key in params)) {
      problems.push({
        message: `paramTypes sets a type for '${key}', which is not a top-level parameter of the plan.`,
        fix: `Use one of: ${Object.keys(params).sort().join(", ") || "(the plan has no params)"}.`,
      });
    }
  }
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (!isJson(value)) {
      problems.push({
        message: `Parameter '${key}' holds a value that is not plain JSON (${Object.prototype.toString.call(value)}), so it cannot be a pipeline parameter.`,
        fix: `Give '${key}' a JSON value (number, string, boolean, list or mapping) in conf/<env>/parameters.yml.`,
      });
      continue;
    }
    const type = types[key] ?? inferType(value);
    if (type === undefined) {
      warnings.push(`Parameter '${key}' is null, so it is not a pipeline parameter (steps use the plan's value).`);
      continue;
    }
    if (!fits(type, value)) {
      problems.push({
        message: `paramTypes makes '${key}' ${type}, but its value ${JSON.stringify(value)} is not one.`,
        fix: `Use ${inferType(value)} for '${key}', or change its value in conf/<env>/parameters.yml.`,
      });
      continue;
    }
    if (key.includes("=")) {
      problems.push({
        message: `Parameter '${key}' has '=' in its name, which the --param flags of ferry run-node use as separator.`,
        fix: `Rename '${key}' in conf/<env>/parameters.yml (and in the nodes that read it).`,
      });
      continue;
    }
    const base = sanitizeParamName(key);
    if (base === "") {
      problems.push({
        message: `Parameter '${key}' has no letter or digit, so it has no name KFP can accept.`,
        fix: `Rename '${key}' in conf/<env>/parameters.yml to a name with letters, e.g. 'threshold'.`,
      });
      continue;
    }
    accepted.push({ key, base, type, defaultValue: value });
  }
  // Keys that are valid names keep them; the others get `_2`, `_3`, … when taken.
  const taken = new Set(accepted.filter((p) => p.base === p.key).map((p) => p.key));
  for (const { key, base, type, defaultValue } of accepted) {
    let name = base;
    if (base !== key) {
      for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
      taken.add(name);
    }
    parameters.push({ key, name, type, defaultValue, flag: type === "STRING" ? "--param-string" : "--param-json" });
  }
  return { parameters, problems, warnings };
}

/** The placeholder KFP replaces with a component input's value. */
export const inputPlaceholder = (name: string) => `{{$.inputs.parameters['${name}']}}`;

/** What every step's command gets appended: `<flag> <key>=<placeholder>` per parameter. */
export function parameterArgs(parameters: readonly PipelineParameter[]): string[] {
  return parameters.flatMap((p) => [p.flag, `${p.key}=${inputPlaceholder(p.name)}`]);
}
