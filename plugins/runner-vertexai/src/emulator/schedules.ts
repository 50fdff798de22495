import { readPipelineSpec } from "@ferry/kfp/interpreter";
import { invalid, notFound } from "./http.ts";
import type { JobStore } from "./jobs.ts";

type Obj = Record<string, unknown>;

// Five cron fields, optionally after `TZ=<zone>` or `CRON_TZ=<zone>` (Schedule.cron's doc).
const CRON = /^(?:(?:CRON_)?TZ=([^\s]+)\s+)?(\S+\s+\S+\s+\S+\s+\S+\s+\S+)$/;

/** Vertex AI's ScheduleService for pipeline jobs: create, list (by display name), get, update, pause, resume, delete. */
export class ScheduleStore {
  readonly #schedules = new Map<string, Obj>();
  #next = 1;
  readonly jobs: JobStore;
  constructor(jobs: JobStore) {
    this.jobs = jobs;
  }

  create(parent: string, body: Obj): Obj {
    this.#check(body);
    const at = new Date().toISOString();
    const schedule = {
      ...body,
      name: `${parent}/schedules/${this.#next++}`,
      state: "ACTIVE",
      createTime: at,
      updateTime: at,
      startedRunCount: "0",
    };
    this.#schedules.set(schedule.name, schedule);
    return schedule;
  }

  list(parent: string, filter: string | null): Obj[] {
    const wanted = filter?.match(/^display_name\s*=\s*"([^"]*)"$/)?.[1];
    if (filter && wanted === undefined)
      throw invalid(`Unsupported filter '${filter}' (the emulator knows display_name="…").`);
    return [...this.#schedules.values()].filter(
      (s) => String(s.name).startsWith(`${parent}/`) && (wanted === undefined || s.displayName === wanted),
    );
  }

  get(name: string): Obj {
    const schedule = this.#schedules.get(name);
    if (schedule === undefined) throw notFound(`The Schedule ${name} does not exist.`);
    return schedule;
  }

  update(name: string, body: Obj, mask: string | null): Obj {
    const schedule = this.get(name);
    const paths = (mask ?? "").split(",").filter(Boolean);
    if (paths.length === 0) throw invalid("updateMask: required.");
    const camel = (p: string) => p.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const updated: Obj = { ...schedule, updateTime: new Date().toISOString() };
    for (const path of paths) updated[camel(path)] = body[camel(path)];
    this.#check(updated);
    this.#schedules.set(name, updated);
    return updated;
  }

  /** Pause or resume; returns `google.protobuf.Empty`. */
  setState(name: string, state: "ACTIVE" | "PAUSED"): Record<string, never> {
    this.#schedules.set(name, { ...this.get(name), state });
    return {};
  }

  delete(name: string): void {
    this.get(name);
    this.#schedules.delete(name);
  }

  /** Start the schedule's pipeline job now, as its cron would. */
  fire(name: string): Obj {
    const schedule = this.get(name);
    const request = schedule.createPipelineJobRequest as Obj;
    const job = this.jobs.create(String(request.parent), null, request.pipelineJob as Obj);
    schedule.startedRunCount = String(Number(schedule.startedRunCount ?? 0) + 1);
    return job;
  }

  #check(body: Obj): void {
    const problems: string[] = [];
    if (typeof body.displayName !== "string" || body.displayName === "") problems.push("displayName: required");
    const cron = typeof body.cron === "string" ? CRON.exec(body.cron) : null;
    if (cron === null) problems.push(`cron: '${String(body.cron)}' is not [TZ=<zone> ]<five cron fields>`);
    else if (cron[1] !== undefined && !validZone(cron[1])) problems.push(`cron: unknown time zone '${cron[1]}'`);
    if (!(Number(body.maxConcurrentRunCount) > 0)) problems.push("maxConcurrentRunCount: required, at least 1");
    const request = body.createPipelineJobRequest as Obj | undefined;
    const job = request?.pipelineJob as Obj | undefined;
    if (typeof request?.parent !== "string" || job === undefined)
      problems.push("createPipelineJobRequest: parent and pipelineJob are required");
    else
      problems.push(
        ...readPipelineSpec(job.pipelineSpec).problems.map(
          (p) => `createPipelineJobRequest.pipelineJob.pipelineSpec.${p}`,
        ),
      );
    if (problems.length > 0) throw invalid(`The Schedule is invalid:\n- ${problems.join("\n- ")}`);
  }
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
