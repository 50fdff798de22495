import { FerryError } from "@ferry/core";

/** Wrap a vendor SDK's failure to produce credentials; the SDK error stays the cause, never the message. */
export function credentialsUnavailable(registry: string, source: string, hint: string, cause: unknown): FerryError {
  if (FerryError.is(cause)) return cause;
  const name = (cause as { name?: unknown } | undefined)?.name;
  return new FerryError("REGISTRY_AUTH_FAILED", {
    message: `Could not get credentials for the image registry ${registry} from ${source}${typeof name === "string" && name !== "Error" ? `: ${name}` : ""}.`,
    hint,
    cause,
    details: { registry, source },
  });
}
