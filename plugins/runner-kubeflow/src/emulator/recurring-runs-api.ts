import { randomUUID } from "node:crypto";
import { ApiError, now, onlyFields } from "./http.ts";
import { listPage } from "./list.ts";
import type { RecurringRunRecord } from "./records.ts";
import { createRun } from "./runs-api.ts";
import { type EmulatorState, readSubmittedSpec } from "./state.ts";

const FIELDS = [
  "recurring_run_id",
  "display_name",
  "description",
  "pipeline_id",
  "pipeline_spec",
  "pipeline_version_reference",
  "runtime_config",
  "service_account",
  "max_concurrency",
  "trigger",
  "mode",
  "created_at",
  "updated_at",
  "status",
  "error",
  "no_catchup",
  "namespace",
  "experiment_id",
];

// robfig/cron with seconds, as the scheduled-workflow controller parses a cron trigger.
const CRON = /^\S+(\s+\S+){5}$/;

const invalid = (message: string) => new ApiError(400, `Invalid input error: ${message}`);

/** `POST /apis/v2beta1/recurringruns`: checked as the API server does, stored (not run on a clock). */
export function createRecurringRun(state: EmulatorState, body: Record<string, unknown>): RecurringRunRecord {
  onlyFields(body, FIELDS, "v2beta1.RecurringRun");
  const name = body.display_name;
  if (typeof name !== "string" || name.trim() === "") throw invalid("the recurring run's display_name is empty");
  const experimentId = typeof body.experiment_id === "string" ? body.experiment_id : "";
  if (experimentId === "" && state.multiUser) throw invalid("Experiment id can not be empty in multi-user mode");
  const experiment = experimentId === "" ? undefined : state.experiments.get(experimentId);
  if (experimentId !== "" && experiment === undefined) {
    throw new ApiError(404, `Failed to create a recurring run: experiment ${experimentId} not found`);
  }
  const concurrency = Number(body.max_concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10) {
    throw invalid(`max_concurrency must be between 1 and 10, got ${String(body.max_concurrency)}`);
  }
  const cron = (body.trigger as { cron_schedule?: { cron?: unknown } } | undefined)?.cron_schedule?.cron;
  if (typeof cron !== "string" || !CRON.test(cron.trim())) {
    throw invalid(`the cron '${String(cron)}' is not valid: KFP crons have six fields, seconds first (0 0 3 * * *)`);
  }
  if (body.mode !== "ENABLE" && body.mode !== "DISABLE") throw invalid("mode must be ENABLE or DISABLE");
  if (body.pipeline_spec === undefined)
    throw invalid("a recurring run needs pipeline_spec (the emulator keeps no pipeline ids here)");
  readSubmittedSpec(body.pipeline_spec, "pipeline_spec");
  const config = (body.runtime_config ?? {}) as Record<string, unknown>;
  const at = now();
  const record: RecurringRunRecord = {
    recurring_run_id: randomUUID(),
    display_name: name,
    ...(typeof body.description === "string" ? { description: body.description } : {}),
    pipeline_spec: body.pipeline_spec,
    runtime_config: {
      parameters: (config.parameters ?? {}) as Record<string, unknown>,
      pipeline_root: typeof config.pipeline_root === "string" ? config.pipeline_root : "",
    },
    ...(typeof body.service_account === "string" ? { service_account: body.service_account } : {}),
    max_concurrency: String(concurrency),
    trigger: { cron_schedule: { cron: cron.trim() } },
    mode: body.mode,
    status: body.mode === "ENABLE" ? "ENABLED" : "DISABLED",
    no_catchup: body.no_catchup === true,
    namespace: experiment?.namespace ?? "",
    experiment_id: experiment?.experiment_id ?? "",
    created_at: at,
    updated_at: at,
    started: 0,
  };
  state.recurringRuns.set(record.recurring_run_id, record);
  return record;
}

export function getRecurringRun(state: EmulatorState, id: string): RecurringRunRecord {
  const found = state.recurringRuns.get(id);
  if (found === undefined) throw new ApiError(404, `Failed to get a recurring run: recurring run ${id} not found`);
  return found;
}

const KEYS = new Set(["display_name", "recurring_run_id", "experiment_id", "created_at", "status"]);

/** `GET /apis/v2beta1/recurringruns`: the list field is `recurringRuns`, as the proto spells it. */
export function listRecurringRuns(state: EmulatorState, query: URLSearchParams): Record<string, unknown> {
  const namespace = query.get("namespace") ?? "";
  const experiment = query.get("experiment_id") ?? "";
  const candidates = [...state.recurringRuns.values()].filter(
    (r) => (experiment === "" || r.experiment_id === experiment) && (namespace === "" || r.namespace === namespace),
  );
  const page = listPage(candidates as unknown as Record<string, unknown>[], query, KEYS);
  return {
    recurringRuns: page.items,
    total_size: page.total_size,
    ...(page.next_page_token ? { next_page_token: page.next_page_token } : {}),
  };
}

export function setRecurringRunStatus(state: EmulatorState, id: string, status: "ENABLED" | "DISABLED") {
  const found = getRecurringRun(state, id);
  found.status = status;
  found.updated_at = now();
  return {};
}

export function deleteRecurringRun(state: EmulatorState, id: string) {
  getRecurringRun(state, id);
  state.recurringRuns.delete(id);
  return {};
}

/** Start the recurring run's pipeline now, as its trigger would: a run linked to it. */
export function fireRecurringRun(state: EmulatorState, id: string): Record<string, unknown> {
  const found = getRecurringRun(state, id);
  found.started++;
  return createRun(state, {
    display_name: `${found.display_name}-${found.started}`,
    experiment_id: found.experiment_id,
    pipeline_spec: found.pipeline_spec,
    runtime_config: found.runtime_config,
    recurring_run_id: found.recurring_run_id,
    ...(found.service_account ? { service_account: found.service_account } : {}),
  });
}
