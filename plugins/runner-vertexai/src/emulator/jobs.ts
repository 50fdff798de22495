import { randomUUID } from "node:crypto";
import {
  type ContainerRunner,
  executeSpec,
  readPipelineSpec,
  resolveParameters,
  type TaskState,
} from "@ferry/kfp/interpreter";
import { ApiError, invalid, notFound } from "./http.ts";

type Obj = Record<string, unknown>;

interface Task {
  readonly taskId: string;
  readonly taskName: string;
  state: TaskState | "PENDING";
  createTime: string;
  startTime?: string;
  endTime?: string;
  error?: { code: number; message: string };
}

/** A pipeline job as the emulator keeps it, in Vertex AI's JSON field names. */
interface Job {
  readonly name: string;
  readonly body: Obj;
  readonly uuid: string;
  state: string;
  readonly createTime: string;
  startTime?: string;
  endTime?: string;
  updateTime: string;
  error?: { code: number; message: string };
  readonly tasks: Map<string, Task>;
  readonly controller: AbortController;
  done: Promise<void>;
}

const JOB_ID = /^[a-z][a-z0-9-]{0,127}$/;
const now = () => new Date().toISOString();

/**
 * Vertex AI's PipelineService, as far as Ferry uses it: create (with its checks and 409 on a
 * duplicate id), get (with `jobDetail.taskDetails`), list and cancel; each job's spec is read
 * and run independently of the compiler, task by task.
 */
export class JobStore {
  readonly #jobs = new Map<string, Job>();
  readonly run: ContainerRunner;
  readonly concurrency: number;
  constructor(run: ContainerRunner, concurrency: number) {
    this.run = run;
    this.concurrency = concurrency;
  }

  create(parent: string, jobId: string | null, body: Obj): Obj {
    const id = jobId ?? `ferry-emulated-${randomUUID().slice(0, 8)}`;
    if (!JOB_ID.test(id)) {
      throw invalid(`pipelineJobId '${id}' is invalid: it must match [a-z][a-z0-9-]{0,127}.`);
    }
    const name = `${parent}/pipelineJobs/${id}`;
    if (this.#jobs.has(name)) throw new ApiError(409, "ALREADY_EXISTS", `PipelineJob ${name} already exists.`);
    const runtime = (body.runtimeConfig ?? {}) as Obj;
    const problems: string[] = [];
    const out = runtime.gcsOutputDirectory;
    if (typeof out !== "string" || !out.startsWith("gs://")) {
      problems.push("runtimeConfig.gcsOutputDirectory: required, a gs:// URI");
    }
    const labels = (body.labels ?? {}) as Obj;
    if ("vertex-ai-pipelines-run-billing-id" in labels)
      problems.push("labels: vertex-ai-pipelines-run-billing-id is reserved");
    const read = readPipelineSpec(body.pipelineSpec);
    problems.push(...read.problems.map((p) => `pipelineSpec.${p}`));
    const params = read.spec ? resolveParameters(read.spec, (runtime.parameterValues ?? {}) as Obj) : undefined;
    problems.push(...(params?.problems ?? []).map((p) => `runtimeConfig.${p}`));
    if (problems.length > 0 || read.spec === undefined) {
      throw invalid(`The PipelineJob is invalid:\n- ${problems.join("\n- ")}`);
    }
    const at = now();
    const job: Job = {
      name,
      body,
      uuid: randomUUID(),
      state: "PIPELINE_STATE_QUEUED",
      createTime: at,
      updateTime: at,
      tasks: new Map(),
      controller: new AbortController(),
      done: Promise.resolve(),
    };
    this.#jobs.set(name, job);
    const spec = read.spec;
    job.done = (async () => {
      await new Promise((r) => setTimeout(r, 20)); // queued for a moment, as on the service
      if (job.controller.signal.aborted) return this.#finish(job, "PIPELINE_STATE_CANCELLED");
      job.state = "PIPELINE_STATE_RUNNING";
      job.startTime = now();
      const root: Task = {
        taskId: "1",
        taskName: spec.pipelineName,
        state: "RUNNING",
        createTime: job.startTime,
        startTime: job.startTime,
      };
      job.tasks.set(root.taskName, root);
      const result = await executeSpec(spec, {
        jobUuid: job.uuid,
        jobName: id,
        pipelineRoot: String(out),
        parameterValues: params?.values ?? {},
        run: this.run,
        concurrency: this.concurrency,
        signal: job.controller.signal,
        onTask: (u) => this.#task(job, u.task, u.state, u.message),
      });
      root.state = result.state;
      root.endTime = now();
      if (result.failed)
        job.error = {
          code: 9,
          message: `The DAG failed because some tasks failed. The failed tasks are: [${result.failed.task}].`,
        };
      this.#finish(job, `PIPELINE_STATE_${result.state}`);
    })().catch((error: unknown) => {
      job.error = { code: 13, message: error instanceof Error ? error.message : String(error) };
      this.#finish(job, "PIPELINE_STATE_FAILED");
    });
    return this.view(job);
  }

  #task(job: Job, name: string, state: TaskState, message?: string): void {
    const at = now();
    let task = job.tasks.get(name);
    if (task === undefined) {
      task = { taskId: String(job.tasks.size + 1), taskName: name, state, createTime: at };
      job.tasks.set(name, task);
    }
    task.state = state;
    if (state === "RUNNING") task.startTime = at;
    if (state === "SUCCEEDED" || state === "FAILED" || state === "CANCELLED") task.endTime = at;
    if (state === "FAILED") {
      task.error = {
        code: 9,
        message: `The replica workerpool0-0 exited with a non-zero status. ${message ?? ""}`.trim(),
      };
    }
    job.updateTime = at;
  }

  #finish(job: Job, state: string): void {
    job.state = state;
    job.endTime = now();
    job.updateTime = job.endTime;
    if (state === "PIPELINE_STATE_CANCELLED") job.error = { code: 1, message: "CANCELLED" };
  }

  get(name: string): Obj {
    return this.view(this.#find(name));
  }

  list(parent: string): Obj[] {
    return [...this.#jobs.values()].filter((j) => j.name.startsWith(`${parent}/`)).map((j) => this.view(j, false));
  }

  /** Returns `google.protobuf.Empty`, as the API does. */
  cancel(name: string): Record<string, never> {
    const job = this.#find(name);
    if (["PIPELINE_STATE_SUCCEEDED", "PIPELINE_STATE_FAILED", "PIPELINE_STATE_CANCELLED"].includes(job.state)) {
      throw new ApiError(400, "FAILED_PRECONDITION", `Cannot cancel pipeline job ${name}: it is ${job.state}.`);
    }
    job.state = "PIPELINE_STATE_CANCELLING";
    job.controller.abort();
    return {};
  }

  /** Stop every job and wait for their tasks' processes. */
  async close(): Promise<void> {
    for (const job of this.#jobs.values()) job.controller.abort();
    await Promise.all([...this.#jobs.values()].map((j) => j.done));
  }

  #find(name: string): Job {
    const job = this.#jobs.get(name);
    if (job === undefined) throw notFound(`The PipelineJob ${name} does not exist.`);
    return job;
  }

  view(job: Job, detail = true): Obj {
    return {
      ...job.body,
      name: job.name,
      state: job.state,
      createTime: job.createTime,
      updateTime: job.updateTime,
      ...(job.startTime ? { startTime: job.startTime } : {}),
      ...(job.endTime ? { endTime: job.endTime } : {}),
      ...(job.error ? { error: job.error } : {}),
      ...(detail
        ? {
            jobDetail: {
              taskDetails: [...job.tasks.values()].map((t) => ({
                ...t,
                ...(t.taskId === "1" ? {} : { parentTaskId: "1" }),
                state: t.state,
              })),
            },
          }
        : {}),
    };
  }
}
