/** A `WWW-Authenticate` challenge: `Basic realm="…"` or `Bearer realm="…",service="…",scope="…"`. */
export interface Challenge {
  /** Lowercase scheme: `basic`, `bearer`. */
  readonly scheme: string;
  /** Parameters by lowercase name (`realm`, `service`, `scope`, `error`). */
  readonly params: Readonly<Record<string, string>>;
}

/** Parse the first challenge of a `WWW-Authenticate` header (RFC 7235 auth-params, quoted or not). */
export function parseChallenge(header: string | null | undefined): Challenge | undefined {
  if (!header) return undefined;
  const match = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s*/.exec(header);
  if (!match?.[1]) return undefined;
  const params: Record<string, string> = {};
  const param = /\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/y;
  param.lastIndex = match[0].length;
  for (let m = param.exec(header); m; m = param.exec(header)) {
    params[(m[1] as string).toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? "");
    if (param.lastIndex >= header.length) break;
  }
  return { scheme: match[1].toLowerCase(), params };
}
