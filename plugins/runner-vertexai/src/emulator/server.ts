import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { ApiError, notFound, readJson, sendError, sendJson } from "./http.ts";
import type { JobStore } from "./jobs.ts";
import type { ScheduleStore } from "./schedules.ts";

const LOCATION = "projects/[^/]+/locations/[^/]+";
const JOBS = new RegExp(`^/v1/(${LOCATION})/pipelineJobs$`);
const JOB = new RegExp(`^/v1/(${LOCATION}/pipelineJobs/[^/:]+)$`);
const CANCEL = new RegExp(`^/v1/(${LOCATION}/pipelineJobs/[^/:]+):cancel$`);
const SCHEDULES = new RegExp(`^/v1/(${LOCATION})/schedules$`);
const SCHEDULE = new RegExp(`^/v1/(${LOCATION}/schedules/[^/:]+)$`);
const PAUSE = new RegExp(`^/v1/(${LOCATION}/schedules/[^/:]+):(pause|resume)$`);

type Handler = (path: string, req: IncomingMessage, url: URL, state: ServerState) => unknown;

/** method, path pattern (group 1: the parent or the resource name), handler. */
const ROUTES: readonly (readonly [string, RegExp, Handler])[] = [
  [
    "POST",
    JOBS,
    async (parent, req, url, { jobs }) =>
      jobs.create(parent, url.searchParams.get("pipelineJobId"), await readJson(req)),
  ],
  ["GET", JOBS, (parent, _, url, { jobs }) => page(jobs.list(parent), "pipelineJobs", url)],
  ["GET", JOB, (name, _, __, { jobs }) => jobs.get(name)],
  ["POST", CANCEL, (name, _, __, { jobs }) => jobs.cancel(name)],
  ["POST", SCHEDULES, async (parent, req, _, { schedules }) => schedules.create(parent, await readJson(req))],
  [
    "GET",
    SCHEDULES,
    (parent, _, url, { schedules }) => page(schedules.list(parent, url.searchParams.get("filter")), "schedules", url),
  ],
  ["GET", SCHEDULE, (name, _, __, { schedules }) => schedules.get(name)],
  [
    "PATCH",
    SCHEDULE,
    async (name, req, url, { schedules }) =>
      schedules.update(name, await readJson(req), url.searchParams.get("updateMask")),
  ],
  [
    "POST",
    PAUSE,
    (name, _, url, { schedules }) => schedules.setState(name, url.pathname.endsWith(":pause") ? "PAUSED" : "ACTIVE"),
  ],
  [
    "DELETE",
    SCHEDULE,
    (name, _, __, { schedules }) => {
      schedules.delete(name);
      return {
        name: `${name}/operations/0`,
        done: true,
        response: { "@type": "type.googleapis.com/google.protobuf.Empty" },
      };
    },
  ],
];

/** Misbehaviour a test asks for. */
export interface Faults {
  throttled: number;
  rejectCredentials: boolean;
}

export interface ServerState {
  readonly jobs: JobStore;
  readonly schedules: ScheduleStore;
  readonly faults: Faults;
  readonly token: string;
  readonly requests: { method: string; path: string; status: number }[];
}

/** Vertex AI's REST surface (the `v1` binding the Node SDK's REST transport uses). */
export function createVertexServer(state: ServerState): Server {
  return createServer((req, res) => {
    handle(state, req, res).then(
      (status) => state.requests.push({ method: req.method ?? "", path: req.url ?? "", status }),
      (error: unknown) => {
        const api = error instanceof ApiError ? error : new ApiError(500, "INTERNAL", String(error));
        state.requests.push({ method: req.method ?? "", path: req.url ?? "", status: api.http });
        sendError(res, api);
      },
    );
  });
}

async function handle(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<number> {
  const url = new URL(req.url ?? "/", "http://emulator");
  const method = req.method ?? "GET";
  const auth = req.headers.authorization;
  if (auth === undefined || state.faults.rejectCredentials || auth !== `Bearer ${state.token}`) {
    throw new ApiError(
      401,
      "UNAUTHENTICATED",
      "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
    );
  }
  if (state.faults.throttled > 0) {
    state.faults.throttled--;
    throw new ApiError(
      429,
      "RESOURCE_EXHAUSTED",
      "Quota exceeded for aiplatform.googleapis.com/pipeline_job_requests (emulated).",
    );
  }
  for (const [verb, pattern, handler] of ROUTES) {
    const match = pattern.exec(url.pathname);
    if (verb !== method || match === null) continue;
    sendJson(res, 200, await handler(match[1] as string, req, url, state));
    return 200;
  }
  throw notFound(`The emulator has no ${method} ${url.pathname}.`);
}

/** One page of a list, with Google's `pageSize` / `pageToken` (an offset here). */
function page(items: unknown[], key: string, url: URL): Record<string, unknown> {
  const size = Number(url.searchParams.get("pageSize") ?? 0) || 100;
  const from = Number(url.searchParams.get("pageToken") ?? 0) || 0;
  const next = from + size < items.length ? String(from + size) : undefined;
  return { [key]: items.slice(from, from + size), ...(next ? { nextPageToken: next } : {}) };
}
