/** HTTP statuses and gRPC codes that say "try again later" or "who are you?". */
const RETRY_HTTP = new Set([429, 502, 503, 504]);
const RETRY_GRPC = new Set([8, 14]); // RESOURCE_EXHAUSTED, UNAVAILABLE
const AUTH_HTTP = new Set([401, 403]);
const AUTH_GRPC = new Set([7, 16]); // PERMISSION_DENIED, UNAUTHENTICATED

interface VendorError {
  status?: unknown;
  statusCode?: unknown;
  code?: unknown;
  retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  retryAfterMs?: unknown;
}

/** The HTTP status or gRPC code of a vendor SDK error (AWS, Google gax, Azure, fetch). */
function statusOf(error: unknown): { http?: number; grpc?: number } {
  if (typeof error !== "object" || error === null) return {};
  const e = error as VendorError;
  const http = [e.$metadata?.httpStatusCode, e.statusCode, e.status].find((v) => typeof v === "number");
  return { ...(typeof http === "number" ? { http } : {}), ...(typeof e.code === "number" ? { grpc: e.code } : {}) };
}

/** A throttling or temporary-outage error: worth another try after a pause. */
export function isTransient(error: unknown): boolean {
  if ((error as VendorError | undefined)?.retryable === true) return true;
  const { http, grpc } = statusOf(error);
  return (http !== undefined && RETRY_HTTP.has(http)) || (grpc !== undefined && RETRY_GRPC.has(grpc));
}

/** The platform refused the credentials. */
export function isAuthError(error: unknown): boolean {
  const { http, grpc } = statusOf(error);
  return (http !== undefined && AUTH_HTTP.has(http)) || (grpc !== undefined && AUTH_GRPC.has(grpc));
}

/** How long to wait before attempt `n` (1-based): the server's Retry-After, else exponential with jitter. */
export function backoffMs(error: unknown, attempt: number, baseMs: number): number {
  const after = (error as VendorError | undefined)?.retryAfterMs;
  if (typeof after === "number" && after >= 0) return after;
  return baseMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
}
