import { randomUUID } from "node:crypto";
import { type ContainerRunner, executeSpec, imageRunner, type ReadSpec, type TaskState } from "@ferry/kfp/interpreter";
import type { RegistryAuth } from "@ferry/oci";
import { now } from "./http.ts";
import type { RunRecord, RuntimeState, TaskDetail } from "./records.ts";

/** How the emulator runs tasks. */
export interface TaskHost {
  readonly auth?: RegistryAuth | undefined;
  /** Added to every task's environment, under the task's own variables. */
  readonly env: Readonly<Record<string, string>>;
  readonly concurrency: number;
  /** Each line a task prints. */
  readonly output?:
    | ((line: { run: string; task: string; stream: "stdout" | "stderr"; text: string }) => void)
    | undefined;
}

const MAX_LOG_LINES = 2000;

/** The shared image runner, keeping each run's last lines of output for `logs()`. */
function imageTasks(run: RunRecord, host: TaskHost): ContainerRunner {
  return imageRunner({
    auth: host.auth,
    env: host.env,
    output: (launch, text, stream) => {
      run.logs.push(`${launch.task}: ${text}`);
      if (run.logs.length > MAX_LOG_LINES) run.logs.shift();
      host.output?.({ run: run.run_id, task: launch.task, stream, text });
    },
  });
}

function setState(
  target: { state: RuntimeState; state_history: { update_time: string; state: RuntimeState }[] },
  state: RuntimeState,
) {
  if (target.state === state) return;
  target.state = state;
  target.state_history.push({ update_time: now(), state });
}

/** A task as KFP lists it once its pod exists (tasks never reached are not listed). */
function taskDetail(run: RunRecord, name: string): TaskDetail {
  const at = now();
  return {
    run_id: run.run_id,
    task_id: randomUUID(),
    display_name: name,
    create_time: at,
    start_time: at,
    state: "RUNNING",
    state_history: [{ update_time: at, state: "RUNNING" }],
    pod_name: `${run.display_name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .slice(0, 40)}-${name.slice(0, 40)}-${randomUUID().slice(0, 8)}`,
    child_tasks: [],
  };
}

const FINAL: Readonly<Partial<Record<TaskState, RuntimeState>>> = {
  SUCCEEDED: "SUCCEEDED",
  FAILED: "FAILED",
  CANCELLED: "CANCELED",
};

/**
 * Run a submitted spec: PENDING → RUNNING → SUCCEEDED, FAILED (the first failed task named,
 * downstream tasks never started) or, after `:terminate`, CANCELING → CANCELED. Tasks run in
 * dependency order through `executeSpec`, which reads only the submitted JSON.
 */
export async function executeRun(run: RunRecord, spec: ReadSpec, parameters: Record<string, unknown>, host: TaskHost) {
  const root: TaskDetail = { ...taskDetail(run, "root"), pod_name: "" };
  run.tasks.set("root", root);
  if (run.state === "PENDING") setState(run, "RUNNING");
  const result = await executeSpec(spec, {
    jobUuid: run.run_id,
    jobName: run.display_name,
    pipelineRoot: run.runtime_config.pipeline_root,
    parameterValues: parameters,
    run: imageTasks(run, host),
    concurrency: host.concurrency,
    signal: run.controller.signal,
    onTask(update) {
      let task = run.tasks.get(update.task);
      if (update.state === "RUNNING") {
        task = taskDetail(run, update.task);
        run.tasks.set(update.task, task);
        return;
      }
      const final = FINAL[update.state];
      if (task === undefined || final === undefined) return;
      setState(task, final);
      task.end_time = now();
      if (update.state === "FAILED")
        task.error = { code: 2, message: update.message ?? "the task failed", details: [] };
    },
  }).catch((error: unknown) => ({
    state: "FAILED" as const,
    failed: { task: "root", message: error instanceof Error ? error.message : String(error) },
  }));
  const final: RuntimeState =
    result.state === "SUCCEEDED" ? "SUCCEEDED" : result.state === "FAILED" ? "FAILED" : "CANCELED";
  if (result.failed) {
    run.error = { code: 2, message: `Task '${result.failed.task}' failed: ${result.failed.message}`, details: [] };
  }
  run.finished_at = now();
  root.end_time = run.finished_at;
  setState(root, final);
  setState(run, final);
}
