/**
 * The one place that knows Ferry's name grammar. Dataset names are dotted paths whose
 * leading segments are namespaces (`data_processing.companies`); parameters are written
 * `params:<dotted.path>` wherever a name is serialized (YAML, run records, compiled specs).
 */
const PARAMS_PREFIX = "params:";
const SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function paramName(path: string): string {
  return `${PARAMS_PREFIX}${path}`;
}

export function isParamName(name: string): boolean {
  return name.startsWith(PARAMS_PREFIX);
}

/** `params:a.b` → `["a", "b"]`. */
export function paramPath(name: string): string[] {
  return name.slice(PARAMS_PREFIX.length).split(".");
}

export function withNamespace(namespace: string, name: string): string {
  return `${namespace}.${name}`;
}

/** Namespaces of a node or dataset name, outermost first: `a.b.x` → `["a", "a.b"]`. */
export function namespacesOf(name: string): string[] {
  const parts = name.split(".");
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join("."));
}

/** Problems with a node or dataset name, empty when the name is valid. */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return "is empty";
  const bad = name.split(".").find((segment) => !SEGMENT.test(segment));
  return bad === undefined
    ? undefined
    : `has the invalid segment '${bad}' (use letters, digits, '_' and '-', dot-separated)`;
}
