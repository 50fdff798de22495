// The fault tier needs a target with an API. This one is the local target behind a tiny
// in-process "API" that the harness can make throttle or refuse credentials, as an emulator would.
import { join } from "node:path";
import { createLocalPlugin } from "@ferry/core";
import type { RunnerPlugin } from "@ferry/core/plugin";
import { runConformance } from "../src/index.ts";
import { localDag } from "./local-dag.ts";

const api = { throttled: 0, refuse: false };
function call<T>(fn: () => Promise<T>): Promise<T> {
  if (api.refuse) return Promise.reject(Object.assign(new Error("401 Unauthorized"), { statusCode: 401 }));
  if (api.throttled > 0) {
    api.throttled--;
    return Promise.reject(Object.assign(new Error("429 Too Many Requests"), { statusCode: 429, retryAfterMs: 5 }));
  }
  return fn();
}

function apiTarget(): RunnerPlugin<any> {
  const local = createLocalPlugin();
  return {
    ...local,
    submit: (ctx, compiled, artifact) => call(() => local.submit(ctx, compiled, artifact)),
    poll: (ctx, handle) => call(() => local.poll(ctx, handle)),
  };
}

runConformance({
  plugin: apiTarget,
  workdir: join(import.meta.dirname, "../.ferry-conformance/api-faults"),
  harness: {
    options: () => ({ parallel: 1, isolation: "thread" }),
    dag: localDag,
    faults: {
      throttle: (count) => {
        api.throttled = count;
      },
      rejectCredentials: () => {
        api.refuse = true;
      },
      reset: () => {
        api.throttled = 0;
        api.refuse = false;
      },
    },
  },
  disable: { execute: "covered by the local target's own run", compile: "covered by the local target's own run" },
});
