import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism } from "node:os";
import type { RegistryAuth } from "@ferry/oci";
import type { TaskHost } from "./execute.ts";
import { createExperiment, listExperiments } from "./experiments-api.ts";
import { ApiError, readJson, readUpload, sendError, sendJson } from "./http.ts";
import { listPipelines, listVersions, uploadPipeline, uploadVersion } from "./pipelines-api.ts";
import { runView } from "./records.ts";
import {
  createRecurringRun,
  deleteRecurringRun,
  fireRecurringRun,
  getRecurringRun,
  listRecurringRuns,
  setRecurringRunStatus,
} from "./recurring-runs-api.ts";
import { createRun, getRun, listRuns, terminateRun } from "./runs-api.ts";
import { createState, type EmulatorState } from "./state.ts";

export interface KubeflowEmulatorOptions {
  /** @default 0 (a free port) */
  readonly port?: number;
  /** Credentials of the registries the tasks' images come from. */
  readonly auth?: RegistryAuth;
  /** Added to every task's environment (storage endpoints, FERRY_NODE), under the task's own variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** Tasks of one run at once. @default the machine's parallelism, at least 2 */
  readonly concurrency?: number;
  /** Require this bearer token (or a session cookie with this value); without it the API is open. */
  readonly token?: string;
  /** The session cookie accepted with `token`. @default authservice_session */
  readonly cookieName?: string;
  /** Multi-user mode: runs need an experiment; experiments and uploads a namespace. @default false */
  readonly multiUser?: boolean;
  /** Each line a task prints. */
  readonly output?: TaskHost["output"];
}

/** One API call the emulator answered. */
export interface EmulatorRequest {
  readonly method: string;
  /** Path without the query. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number;
}

/** A submitted run as the emulator holds it. */
export type EmulatedRun = Record<string, unknown> & {
  readonly run_id: string;
  readonly display_name: string;
  readonly state: string;
};

export interface KubeflowEmulator {
  /** The base URL to give the plugin (`url` option). */
  readonly url: string;
  /** Stop the server and every task it still runs. */
  close(): Promise<void>;
  readonly faults: {
    /** Answer the next `count` API calls with 429. */
    throttle(count: number): void;
    /** Answer every API call with 401 until `reset()`. */
    rejectCredentials(): void;
    reset(): void;
  };
  /** Every run submitted, in order, as `GET /runs/{id}` shows it now. */
  runs(): EmulatedRun[];
  /** Every pipeline uploaded, with its versions (oldest first) and their specs as uploaded. */
  pipelines(): { name: string; pipeline_id: string; versions: { name: string; pipeline_spec: unknown }[] }[];
  /** Every recurring run (schedule) created and not deleted. */
  recurringRuns(): Record<string, unknown>[];
  /** Start a recurring run's pipeline now, as its cron would; returns the run. */
  fireRecurringRun(id: string): EmulatedRun;
  /** The last lines the tasks of a run printed, each `<task>: <line>`. */
  logs(runId: string): readonly string[];
  /** Resolves once the run has reached a final state. */
  settled(runId: string): Promise<void>;
  /** Every API call answered, in order. */
  readonly requests: readonly EmulatorRequest[];
}

const API = "/apis/v2beta1";

type Handler = (state: EmulatorState, req: IncomingMessage, url: URL, id: string) => Promise<unknown> | unknown;

const ROUTES: readonly { method: string; path: RegExp; handle: Handler }[] = [
  { method: "POST", path: /^\/runs$/, handle: async (s, req) => createRun(s, await readJson(req)) },
  { method: "GET", path: /^\/runs$/, handle: (s, _req, url) => listRuns(s, url.searchParams) },
  { method: "GET", path: /^\/runs\/([^/:]+)$/, handle: (s, _req, _url, id) => runView(getRun(s, id)) },
  { method: "POST", path: /^\/runs\/([^/:]+):terminate$/, handle: (s, _req, _url, id) => terminateRun(s, id) },
  {
    method: "POST",
    path: /^\/recurringruns$/,
    handle: async (s, req) => createRecurringRun(s, await readJson(req)),
  },
  { method: "GET", path: /^\/recurringruns$/, handle: (s, _req, url) => listRecurringRuns(s, url.searchParams) },
  { method: "GET", path: /^\/recurringruns\/([^/:]+)$/, handle: (s, _req, _url, id) => getRecurringRun(s, id) },
  { method: "DELETE", path: /^\/recurringruns\/([^/:]+)$/, handle: (s, _req, _url, id) => deleteRecurringRun(s, id) },
  {
    method: "POST",
    path: /^\/recurringruns\/([^/:]+):(?:enable|disable)$/,
    handle: (s, _req, url, id) =>
      setRecurringRunStatus(s, id, url.pathname.endsWith(":enable") ? "ENABLED" : "DISABLED"),
  },
  { method: "POST", path: /^\/experiments$/, handle: async (s, req) => createExperiment(s, await readJson(req)) },
  { method: "GET", path: /^\/experiments$/, handle: (s, _req, url) => listExperiments(s, url.searchParams) },
  {
    method: "POST",
    path: /^\/pipelines\/upload$/,
    handle: async (s, req, url) => uploadPipeline(s, url.searchParams, await readUpload(req, url)),
  },
  {
    method: "POST",
    path: /^\/pipelines\/upload_version$/,
    handle: async (s, req, url) => uploadVersion(s, url.searchParams, await readUpload(req, url)),
  },
  { method: "GET", path: /^\/pipelines$/, handle: (s, _req, url) => listPipelines(s, url.searchParams) },
  {
    method: "GET",
    path: /^\/pipelines\/([^/]+)\/versions$/,
    handle: (s, _req, url, id) => listVersions(s, id, url.searchParams),
  },
  {
    method: "GET",
    path: /^\/healthz$/,
    handle: (s) => ({ commit_sha: "ferry-emulator", tag_name: "2.x", multi_user: s.multiUser }),
  },
];

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * A local Kubeflow Pipelines API (REST v2beta1, the subset Ferry uses) that runs each
 * submitted spec's tasks as processes from their images. Field names, states and errors
 * are KFP's; `faults` make it throttle or refuse credentials.
 */
export async function createKubeflowEmulator(options: KubeflowEmulatorOptions = {}): Promise<KubeflowEmulator> {
  const state = createState(options.multiUser ?? false, {
    auth: options.auth,
    env: { ...options.env },
    concurrency: options.concurrency ?? Math.max(2, availableParallelism()),
    output: options.output,
  });
  const requests: EmulatorRequest[] = [];
  const fault = { throttle: 0, reject: false };
  const cookieName = options.cookieName ?? "authservice_session";

  const authorize = (req: IncomingMessage) => {
    if (fault.reject) throw new ApiError(401, "Unauthenticated: the request's credentials were rejected");
    if (options.token === undefined) return;
    const header = req.headers.authorization;
    const given = header?.startsWith("Bearer ") ? header.slice(7) : cookie(req, cookieName);
    if (given === undefined)
      throw new ApiError(401, "Unauthenticated: the request has no bearer token and no session cookie");
    if (given !== options.token) throw new ApiError(401, "Unauthenticated: the token is invalid or expired");
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    const record = (status: number) =>
      requests.push({
        method: req.method ?? "",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        status,
      });
    try {
      if (!url.pathname.startsWith(`${API}/`)) throw new ApiError(404, "Not Found");
      const path = url.pathname.slice(API.length);
      if (fault.throttle > 0) {
        fault.throttle--;
        throw new ApiError(429, "Too many requests: the API server is throttling (emulator fault)");
      }
      authorize(req);
      const matching = ROUTES.filter((r) => r.path.test(path));
      const route = matching.find((r) => r.method === req.method);
      if (route === undefined)
        throw new ApiError(matching.length > 0 ? 405 : 404, matching.length > 0 ? "Method Not Allowed" : "Not Found");
      const id = decodeURIComponent(route.path.exec(path)?.[1] ?? "");
      const body = await route.handle(state, req, url, id);
      record(200);
      sendJson(res, 200, body);
    } catch (error) {
      const apiError =
        error instanceof ApiError ? error : new ApiError(500, `Internal error: ${(error as Error).message}`);
      record(apiError.status);
      req.resume();
      sendError(res, apiError);
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    faults: {
      throttle: (count) => {
        fault.throttle = count;
      },
      rejectCredentials: () => {
        fault.reject = true;
      },
      reset: () => {
        fault.throttle = 0;
        fault.reject = false;
      },
    },
    runs: () => [...state.runs.values()].map((r) => runView(r) as EmulatedRun),
    pipelines: () =>
      [...state.pipelines.values()].map((p) => ({
        name: p.name,
        pipeline_id: p.pipeline_id,
        versions: [...state.versions.values()]
          .filter((v) => v.pipeline_id === p.pipeline_id)
          .map((v) => ({ name: v.name, pipeline_spec: v.pipeline_spec })),
      })),
    recurringRuns: () => [...state.recurringRuns.values()].map((r) => ({ ...r })),
    fireRecurringRun: (id) => fireRecurringRun(state, id) as EmulatedRun,
    logs: (runId) => state.runs.get(runId)?.logs ?? [],
    settled: async (runId) => {
      await state.runs.get(runId)?.done;
    },
    async close() {
      for (const run of state.runs.values()) run.controller.abort();
      await Promise.all([...state.runs.values()].map((r) => r.done));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
