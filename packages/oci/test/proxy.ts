// A recording HTTP proxy in front of the real registry: it lists the requests a push makes
// (to see chunked vs monolithic uploads), can rewrite absolute Location headers to relative
// ones (as some registries send), can fail chosen requests (429/503) to exercise retries, and
// can change response bodies (a broken mirror) to exercise digest checks.
import { createServer, request } from "node:http";
import { freePort } from "@ferry/repo-scripts/peers";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly contentRange?: string | undefined;
  readonly contentLength: number;
}

export interface RecordingProxy {
  readonly host: string;
  readonly requests: RecordedRequest[];
  stop(): void;
}

export async function startRecordingProxy(
  target: string,
  options: {
    readonly relativeLocations?: boolean;
    /** Answer this status instead of forwarding (called for every request). */
    readonly fail?: (method: string, path: string) => number | undefined;
    /** Change a response body on its way back (a broken mirror). */
    readonly tamper?: (method: string, path: string, body: Buffer) => Buffer | undefined;
  } = {},
): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const record = (status: number) =>
      requests.push({
        method,
        path: path.split("?")[0] ?? path,
        status,
        contentRange: req.headers["content-range"],
        contentLength: Number(req.headers["content-length"] ?? 0),
      });
    const failWith = options.fail?.(method, path);
    if (failWith) {
      record(failWith);
      req.resume();
      res.writeHead(failWith, { "retry-after": "0", "content-type": "application/json" });
      res.end(JSON.stringify({ errors: [{ code: "TOOMANYREQUESTS", message: "injected by the test proxy" }] }));
      return;
    }
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method, path, headers: req.headers },
      (answer) => {
        record(answer.statusCode ?? 0);
        const headers = { ...answer.headers };
        if (options.relativeLocations && typeof headers.location === "string" && /^https?:/.test(headers.location)) {
          const location = new URL(headers.location);
          headers.location = `${location.pathname}${location.search}`;
        }
        if (!options.tamper) {
          res.writeHead(answer.statusCode ?? 502, headers);
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const body = Buffer.concat(chunks);
          const changed = options.tamper?.(method, path, body) ?? body;
          res.writeHead(answer.statusCode ?? 502, { ...headers, "content-length": String(changed.length) });
          res.end(changed);
        });
      },
    );
    forward.on("error", () => {
      record(502);
      res.writeHead(502).end();
    });
    req.pipe(forward);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { host: `127.0.0.1:${port}`, requests, stop: () => server.close() };
}
