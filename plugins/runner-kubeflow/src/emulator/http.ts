import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";

/** gRPC codes the KFP API server's errors carry, by the HTTP status grpc-gateway maps them to. */
const GRPC: Readonly<Record<number, number>> = {
  400: 3,
  401: 16,
  403: 7,
  404: 5,
  405: 12,
  409: 6,
  429: 8,
  500: 13,
  503: 14,
};

/** An API error to answer with: its HTTP status and message. */
export class ApiError extends Error {
  readonly status: number;
  /** The pipeline upload endpoints answer `{error_message, error_details}`, not grpc-gateway's shape. */
  readonly upload: boolean;
  constructor(status: number, message: string, upload = false) {
    super(message);
    this.status = status;
    this.upload = upload;
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** An error as the KFP API server sends it (grpc-gateway's status JSON, or the upload server's). */
export function sendError(res: ServerResponse, error: ApiError): void {
  const body = error.upload
    ? { error_message: error.message, error_details: error.message }
    : { error: error.message, code: GRPC[error.status] ?? 2, message: error.message, details: [] };
  sendJson(res, error.status, body);
}

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `invalid JSON in the request body: ${(error as Error).message}`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError(400, "the request body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

/** The file of a multipart upload's `uploadfile` field (the KFP upload server's form key). */
export async function readUpload(req: IncomingMessage, url: URL): Promise<{ name: string; text: string }> {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(key, value);
  }
  let form: FormData;
  try {
    form = await new Request(url, {
      method: "POST",
      headers,
      body: Readable.toWeb(req) as ReadableStream,
      duplex: "half",
    } as RequestInit).formData();
  } catch {
    throw new ApiError(400, "Failed to read pipeline from file", true);
  }
  const file = form.get("uploadfile");
  if (file === null || typeof file === "string") throw new ApiError(400, "Failed to read pipeline from file", true);
  return { name: file.name, text: await file.text() };
}

/** Reject fields the message does not have: a typo would otherwise be dropped without a word. */
export function onlyFields(body: Record<string, unknown>, fields: readonly string[], message: string): void {
  const unknown = Object.keys(body).filter((k) => !fields.includes(k));
  if (unknown.length > 0) {
    throw new ApiError(
      400,
      `unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")} in ${message}`,
    );
  }
}

/** Now, as the API's RFC 3339 timestamps. */
export const now = () => new Date().toISOString();
