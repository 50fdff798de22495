// The list-request parameters of the KFP API: `filter` (URL-encoded JSON of api.Filter,
// backend/api/v2beta1/filter.proto), `page_size`, `page_token` and `sort_by` ("field" or
// "field desc"), applied to the emulator's records.
import { ApiError } from "./http.ts";

type Value = string | number | boolean;

interface Predicate {
  readonly key: string;
  readonly operation: string;
  readonly value: Value | readonly Value[];
}

const OPERATIONS = new Set(["EQUALS", "NOT_EQUALS", "IN", "IS_SUBSTRING"]);

function predicateValue(p: Record<string, unknown>): Value | readonly Value[] | undefined {
  for (const key of ["string_value", "int_value", "long_value", "stringValue", "intValue", "longValue"]) {
    const v = p[key];
    if (typeof v === "string" || typeof v === "number")
      return typeof v === "string" && key !== "string_value" && key !== "stringValue" ? Number(v) : v;
  }
  for (const key of ["string_values", "int_values", "long_values"]) {
    const v = p[key] as { values?: unknown } | undefined;
    if (Array.isArray(v?.values)) return v.values as Value[];
  }
  return undefined;
}

/** The predicates of a `filter` query parameter, or a 400 naming what is wrong. */
export function parseFilter(raw: string | null): Predicate[] {
  if (raw === null || raw === "") return [];
  let filter: unknown;
  try {
    filter = JSON.parse(raw);
  } catch {
    throw new ApiError(400, `Invalid input error: filter is not valid JSON: ${raw}`);
  }
  const list = (filter as { predicates?: unknown }).predicates;
  if (!Array.isArray(list)) throw new ApiError(400, "Invalid input error: filter has no predicates list");
  return list.map((p: Record<string, unknown>, i) => {
    const operation = String(p.operation ?? p.op ?? "");
    const value = predicateValue(p);
    if (typeof p.key !== "string" || p.key === "")
      throw new ApiError(400, `Invalid input error: filter predicate ${i} has no key`);
    if (!OPERATIONS.has(operation)) {
      throw new ApiError(
        400,
        `Invalid input error: filter operation '${operation}' is not supported by the emulator (${[...OPERATIONS].join(", ")})`,
      );
    }
    if (value === undefined)
      throw new ApiError(400, `Invalid input error: filter predicate on '${p.key}' has no value`);
    return { key: p.key, operation, value };
  });
}

function holds(item: Readonly<Record<string, unknown>>, p: Predicate): boolean {
  const field = item[p.key];
  switch (p.operation) {
    case "EQUALS":
      return field === p.value;
    case "NOT_EQUALS":
      return field !== p.value;
    case "IN":
      return Array.isArray(p.value) && p.value.includes(field as Value);
    default:
      return typeof field === "string" && field.includes(String(p.value));
  }
}

/** One page of `items` that pass the request's filter, in its sort order, with the next page's token. */
export function listPage<T extends Readonly<Record<string, unknown>>>(
  items: readonly T[],
  query: URLSearchParams,
  keys: ReadonlySet<string>,
): { items: T[]; total_size: number; next_page_token?: string } {
  const predicates = parseFilter(query.get("filter"));
  for (const p of predicates) {
    if (!keys.has(p.key))
      throw new ApiError(400, `Invalid input error: cannot filter on '${p.key}' (known: ${[...keys].join(", ")})`);
  }
  const matching = items.filter((item) => predicates.every((p) => holds(item, p)));
  const [by, direction] = (query.get("sort_by") ?? "").trim().split(/\s+/);
  const field = by || "created_at";
  if (!keys.has(field) || (direction !== undefined && direction !== "desc" && direction !== "asc")) {
    throw new ApiError(400, `Invalid input error: cannot sort by '${query.get("sort_by")}'`);
  }
  const sign = direction === "desc" ? -1 : 1;
  matching.sort((a, b) => sign * String(a[field] ?? "").localeCompare(String(b[field] ?? "")));
  const size = Number(query.get("page_size") ?? "20");
  if (!Number.isInteger(size) || size < 0)
    throw new ApiError(400, "Invalid input error: page_size must be a whole number");
  const token = query.get("page_token");
  const start = token ? Number(Buffer.from(token, "base64url").toString()) : 0;
  if (!Number.isInteger(start) || start < 0)
    throw new ApiError(400, `Invalid input error: page_token '${token}' is not valid`);
  const end = start + (size === 0 ? 20 : size);
  return {
    items: matching.slice(start, end),
    total_size: matching.length,
    ...(end < matching.length ? { next_page_token: Buffer.from(String(end)).toString("base64url") } : {}),
  };
}
