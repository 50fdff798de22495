import type { IncomingMessage, ServerResponse } from "node:http";

/** A Google API error: its HTTP status and the canonical status name it maps to. */
export class ApiError extends Error {
  readonly http: number;
  readonly status: string;
  constructor(http: number, status: string, message: string) {
    super(message);
    this.http = http;
    this.status = status;
  }
}

export const invalid = (message: string) => new ApiError(400, "INVALID_ARGUMENT", message);
export const notFound = (message: string) => new ApiError(404, "NOT_FOUND", message);

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body === "object" && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw invalid("Invalid JSON payload received: the body is not a JSON object.");
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** The error body Google APIs send (`google.rpc.Status` in JSON). */
export function sendError(res: ServerResponse, error: ApiError): void {
  sendJson(res, error.http, { error: { code: error.http, message: error.message, status: error.status } });
}
