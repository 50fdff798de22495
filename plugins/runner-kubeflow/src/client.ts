import { FerryError } from "@ferry/core";
import { authHeaders, authHint } from "./auth.ts";
import type { KubeflowOptions } from "./options.ts";

/** The REST API version every call uses. */
export const API = "/apis/v2beta1";

export type Connection = Pick<KubeflowOptions, "url" | "auth" | "namespace">;

export interface KfpRequest {
  readonly method: "GET" | "POST" | "DELETE";
  /** Path under `/apis/v2beta1`, e.g. `/runs`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  /** A JSON body. */
  readonly json?: unknown;
  /** A multipart body (pipeline uploads). */
  readonly form?: FormData;
  /** The Ferry phase, for error details. */
  readonly phase: string;
  /** What the call does, for messages: "create the run". */
  readonly what: string;
  readonly signal?: AbortSignal;
}

/** An answer KFP gave with a status the caller may handle (404, 409). */
export class KfpHttpError extends Error {
  readonly status: number;
  /** What the server said, without the request. */
  readonly serverMessage: string;
  constructor(status: number, where: string, serverMessage: string) {
    super(`${where} answered ${status}: ${serverMessage}`);
    this.name = "KfpHttpError";
    this.status = status;
    this.serverMessage = serverMessage;
  }
}

/** A KFP list filter matching `key` = `value` (the JSON form of `api.Filter`, URL-encoded by the caller). */
export function equalsFilter(key: string, value: string): string {
  return JSON.stringify({ predicates: [{ key, operation: "EQUALS", string_value: value }] });
}

/** The server's own words from an error body: grpc-gateway `{error|message, code}`, upload `{error_message}`. */
function serverMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown; error_message?: unknown };
    const message = [body.message, body.error, body.error_message].find((m) => typeof m === "string" && m !== "");
    if (typeof message === "string") return message;
  } catch {
    // not JSON: a gateway's HTML or plain-text page
  }
  const plain = text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return plain.length > 300 ? `${plain.slice(0, 300)}…` : plain || "(no message)";
}

/** Seconds or an HTTP date, as milliseconds to wait (capped at a minute). */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 60_000) : undefined;
}

const details = (phase: string) => ({ plugin: "kubeflow", phase });

/**
 * One call of the KFP REST API with the options' credentials, as JSON. Errors a user can act
 * on become FerryErrors (TARGET_AUTH_FAILED with the fix for the auth mode, TARGET_REQUEST_INVALID
 * with KFP's message); 429/502/503/504 stay errors with a numeric `status` for core's retry;
 * 404 and 409 are {@link KfpHttpError}s for the caller.
 */
export async function kfp<T>(connection: Connection, request: KfpRequest): Promise<T> {
  const url = new URL(`${connection.url}${API}${request.path}`);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined && value !== "") url.searchParams.set(key, String(value));
  }
  const headers: Record<string, string> = {
    accept: "application/json",
    ...(await authHeaders(connection, request.phase)),
  };
  if (request.json !== undefined) headers["content-type"] = "application/json";
  const where = `${request.method} ${url.pathname}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers,
      ...(request.json !== undefined ? { body: JSON.stringify(request.json) } : {}),
      ...(request.form !== undefined ? { body: request.form } : {}),
      // A gateway answers an expired session with a redirect to its login page: that is an auth
      // failure, not a page to follow.
      redirect: "manual",
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (cause) {
    if (request.signal?.aborted) throw cause;
    const why = (cause as { cause?: { code?: unknown; message?: unknown } }).cause;
    const reason =
      typeof why?.code === "string" ? why.code : typeof why?.message === "string" ? why.message : undefined;
    throw new FerryError("PLUGIN_ERROR", {
      message: `Could not reach Kubeflow Pipelines at ${connection.url} to ${request.what}${reason ? ` (${reason})` : ""}.`,
      hint: "Check the url option (conf/<env>/targets.yml). Outside the cluster, go through the Kubeflow gateway (https://<host>/pipeline) or a port-forward: kubectl port-forward -n kubeflow svc/ml-pipeline-ui 3000:80, then url: http://localhost:3000.",
      cause,
      details: details(request.phase),
    });
  }
  const text = await response.text();
  const status = response.status;
  if (status >= 200 && status < 300) {
    if (text.trim() === "") return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new FerryError("PLUGIN_ERROR", {
        message: `Kubeflow Pipelines at ${connection.url} answered ${where} with something other than JSON: ${serverMessage(text)}`,
        hint: `Check that url points at the KFP API (the dashboard's /pipeline path, or the ml-pipeline service), and that the session is valid. ${authHint(connection)}`,
        cause,
        details: details(request.phase),
      });
    }
  }
  const message = serverMessage(text);
  if (status === 401 || status === 403 || (status >= 300 && status < 400)) {
    const why =
      status < 400
        ? `redirected to ${response.headers.get("location") ?? "a login page"} (the session is not valid)`
        : `${status} ${message}`;
    throw new FerryError("TARGET_AUTH_FAILED", {
      message: `Kubeflow Pipelines at ${connection.url} refused the credentials (auth ${connection.auth.type}) to ${request.what}: ${why}`,
      hint: authHint(connection),
      details: details(request.phase),
    });
  }
  if (status === 400 || status === 413 || status === 422) {
    throw new FerryError("TARGET_REQUEST_INVALID", {
      message: `Kubeflow Pipelines refused the request to ${request.what} (${where}, ${status}): ${message}`,
      details: details(request.phase),
    });
  }
  if (status === 404 || status === 409) throw new KfpHttpError(status, where, message);
  const error = new Error(`Kubeflow Pipelines answered ${status} to ${where} (${request.what}): ${message}`);
  // Core retries 429/502/503/504 with backoff, honouring Retry-After: no loop here.
  throw Object.assign(error, { status, ...withRetryAfter(retryAfterMs(response.headers.get("retry-after"))) });
}

const withRetryAfter = (ms: number | undefined) => (ms === undefined ? {} : { retryAfterMs: ms });
