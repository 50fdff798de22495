import { type ErrorCode, errorCatalog } from "./catalog.ts";

const FERRY_ERROR = Symbol.for("ferry.error");

export interface FerryErrorOptions {
  /** What went wrong, specific to this occurrence. */
  message: string;
  /** What to do next; defaults to the catalog's hint for the code. */
  hint?: string | undefined;
  cause?: unknown;
  /** Extra machine-readable fields (dataset, node, plugin, phase, ...). */
  details?: Record<string, unknown>;
}

/**
 * The one error class of Ferry. Identify errors by `code` with {@link FerryError.is},
 * never with `instanceof` (two copies of core can be installed side by side).
 */
export class FerryError extends Error {
  readonly code: ErrorCode;
  readonly title: string;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown>;
  readonly [FERRY_ERROR] = true;

  constructor(code: ErrorCode, options: FerryErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "FerryError";
    this.code = code;
    this.title = errorCatalog[code].title;
    this.hint = options.hint ?? errorCatalog[code].hint;
    this.details = options.details ?? {};
  }

  /** True when `value` is a FerryError (from any copy of core), optionally with `code`. */
  static is(value: unknown, code?: ErrorCode): value is FerryError {
    if (typeof value !== "object" || value === null || !(FERRY_ERROR in value)) return false;
    return code === undefined || (value as FerryError).code === code;
  }
}

/** Render an error for humans: title, message, hint, and the cause chain. */
export function formatError(error: unknown): string {
  if (!FerryError.is(error)) return error instanceof Error ? (error.stack ?? error.message) : String(error);
  const lines = [`${error.title} [${error.code}]`, error.message];
  if (error.hint) lines.push(`Hint: ${error.hint}`);
  let cause = error.cause;
  while (cause !== undefined) {
    if (FerryError.is(cause)) {
      lines.push(`Caused by: ${cause.message}`);
      cause = cause.cause;
    } else {
      lines.push(`Caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`);
      break;
    }
  }
  return lines.join("\n");
}

/** Exit status the CLI uses for an error: 2 for usage/config problems, 1 for a failed run. */
export function exitCodeOf(error: unknown): 1 | 2 {
  return FerryError.is(error) ? errorCatalog[error.code].exit : 1;
}
