import type { StandardSchemaV1 } from "@standard-schema/spec";
import { validateParams } from "../config/params.ts";
import { FerryError } from "../errors/ferry-error.ts";
import { didYouMean } from "../suggest.ts";

/**
 * `run-node`'s parameter flags, which a platform fills in when a run is relaunched with
 * other values (KFP pipeline parameters): `--param-json <key>=<json>` and `--param-string
 * <key>=<text>`, each replacing one top-level parameter of the plan. Split at the first `=`.
 */
export async function applyParamFlags(
  params: Readonly<Record<string, unknown>>,
  flags: { readonly json?: readonly string[] | undefined; readonly string?: readonly string[] | undefined },
  schema: StandardSchemaV1<unknown, unknown> | undefined,
): Promise<Record<string, unknown>> {
  const entries = [
    ...(flags.json ?? []).map((flag) => ({ flag: "--param-json", text: flag })),
    ...(flags.string ?? []).map((flag) => ({ flag: "--param-string", text: flag })),
  ];
  if (entries.length === 0) return { ...params };
  const out: Record<string, unknown> = { ...params };
  for (const { flag, text } of entries) {
    const eq = text.indexOf("=");
    const key = text.slice(0, eq);
    if (eq <= 0) {
      throw new FerryError("USAGE_INVALID", {
        message: `${flag} '${text}' is not of the form <key>=<value>.`,
        hint: `Write ${flag} alpha=${flag === "--param-json" ? "1" : "text"}.`,
      });
    }
    if (!(key in params)) {
      throw new FerryError("PARAM_UNKNOWN", {
        message: `${flag} ${key}: the plan has no parameter '${key}'.${didYouMean(key, Object.keys(params))}`,
        hint: `Parameters: ${Object.keys(params).join(", ") || "none"}.`,
      });
    }
    const raw = text.slice(eq + 1);
    if (flag === "--param-string") out[key] = raw;
    else {
      try {
        out[key] = JSON.parse(raw);
      } catch {
        throw new FerryError("USAGE_INVALID", {
          message: `--param-json ${key}: '${raw}' is not JSON.`,
          hint: "Quote strings (or use --param-string); numbers, booleans, lists and objects as JSON.",
        });
      }
    }
  }
  return schema ? ((await validateParams(schema, out)) as Record<string, unknown>) : out;
}
