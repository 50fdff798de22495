import type { AddressInfo } from "node:net";
import type { StartEmulator } from "@ferry/core/plugin";
import { imageRunner } from "@ferry/kfp/interpreter";
import { type RegistryAuth, registryAuthByHost } from "@ferry/oci";
import { EMULATOR_TOKEN } from "../client.ts";
import type { VertexOptions } from "../options.ts";
import { JobStore } from "./jobs.ts";
import { ScheduleStore } from "./schedules.ts";
import { createVertexServer, type ServerState } from "./server.ts";

export interface VertexEmulatorOptions {
  /** @default a free port on 127.0.0.1 */
  readonly port?: number;
  /** Credentials of the registry the tasks' images are pulled from. @default as the plugin pushes */
  readonly auth?: RegistryAuth;
  /** Added to every task's environment (e.g. storage emulator endpoints). */
  readonly env?: Readonly<Record<string, string>>;
  /** Tasks of one job running at once. @default 4 */
  readonly concurrency?: number;
  /** Each line a task prints. */
  readonly output?: (task: string, line: string) => void;
}

/** A running Vertex AI emulator. */
export interface VertexEmulator {
  /** `http://127.0.0.1:<port>`: the `api.url` option (with `credentials: none`). */
  readonly url: string;
  /** The pipeline jobs submitted so far, as `getPipelineJob` returns them. */
  jobs(): Record<string, unknown>[];
  schedules(): Record<string, unknown>[];
  /** Start a schedule's pipeline job now, as its cron would; resolves to the job. */
  fireSchedule(name: string): Record<string, unknown>;
  /** Every request answered: method, path with query, HTTP status. */
  readonly requests: readonly { method: string; path: string; status: number }[];
  readonly faults: {
    /** Answer the next `count` calls with 429 RESOURCE_EXHAUSTED. */
    throttle(count: number): void;
    /** Answer every call with 401 UNAUTHENTICATED until `reset`. */
    rejectCredentials(): void;
    reset(): void;
  };
  close(): Promise<void>;
}

/**
 * A local Vertex AI PipelineService (and ScheduleService) that the real
 * `@google-cloud/aiplatform` client talks to over its REST transport. It checks requests as
 * the service does, and runs each submitted PipelineSpec: every task's command as a process
 * from the task's image (pulled from the registry, unpacked, no container runtime), in
 * dependency order, reporting states with Vertex AI's names.
 */
export async function createVertexEmulator(options: VertexEmulatorOptions = {}): Promise<VertexEmulator> {
  const runner = imageRunner({
    auth: options.auth ?? registryAuthByHost(),
    ...(options.env ? { env: options.env } : {}),
    ...(options.output ? { output: (launch, line) => options.output?.(launch.task, line) } : {}),
  });
  const jobs = new JobStore(runner, options.concurrency ?? 4);
  const schedules = new ScheduleStore(jobs);
  const state: ServerState = {
    jobs,
    schedules,
    faults: { throttled: 0, rejectCredentials: false },
    token: EMULATOR_TOKEN,
    requests: [],
  };
  const server = createVertexServer(state);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const everyParent = (list: (parent: string) => Record<string, unknown>[]) => list("projects");
  return {
    url: `http://127.0.0.1:${port}`,
    jobs: () => everyParent((p) => jobs.list(p)).map((j) => jobs.get(String(j.name))),
    schedules: () => everyParent((p) => schedules.list(p, null)),
    fireSchedule: (name) => schedules.fire(name),
    requests: state.requests,
    faults: {
      throttle: (count) => {
        state.faults.throttled = count;
      },
      rejectCredentials: () => {
        state.faults.rejectCredentials = true;
      },
      reset: () => {
        state.faults.throttled = 0;
        state.faults.rejectCredentials = false;
      },
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await jobs.close();
    },
  };
}

/**
 * `ferry run --target=vertexai --emulate`: the same phases against a local emulator. The image
 * is still pushed to `imageRegistry` (the emulator pulls it, as Vertex AI would), and the
 * tasks run on this machine with its Node and its credentials for the storage root.
 */
export const startEmulator: StartEmulator = async ({ options, logger }) => {
  const emulator = await createVertexEmulator({
    env: { FERRY_NODE: process.execPath },
    output: (task, line) => logger.debug(`${task}: ${line}`),
  });
  const rewritten: VertexOptions = { ...(options as VertexOptions), api: { url: emulator.url, credentials: "none" } };
  return { url: emulator.url, options: rewritten, close: () => emulator.close() };
};
