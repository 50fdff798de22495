import type { ErrorCode } from "../errors/catalog.ts";
import { FerryError } from "../errors/ferry-error.ts";
import type { ErrorInfo } from "./events.ts";

/** The stack of the innermost non-Ferry cause: where the user's code threw. */
function rootStack(error: FerryError): string | undefined {
  let cause: unknown = error.cause;
  while (FerryError.is(cause)) cause = cause.cause;
  return cause instanceof Error ? cause.stack : undefined;
}

export function toErrorInfo(error: unknown): ErrorInfo {
  if (FerryError.is(error)) {
    return {
      code: error.code,
      message: error.message,
      hint: error.hint,
      node: error.details.node as string | undefined,
      dataset: error.details.dataset as string | undefined,
      stack: rootStack(error),
    };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return { code: "ERROR", message: e.message, stack: e.stack };
}

/** Rebuild an error from its JSON form (from a worker or another process). */
export function fromErrorInfo(info: ErrorInfo): Error {
  // The stack is the user's code's: keep it as the cause, where toErrorInfo looks for it.
  const origin = info.stack ? Object.assign(new Error(info.message), { stack: info.stack }) : undefined;
  if (info.code === "ERROR") return origin ?? new Error(info.message);
  return new FerryError(info.code as ErrorCode, {
    message: info.message,
    hint: info.hint,
    cause: origin,
    details: { node: info.node, dataset: info.dataset },
  });
}
