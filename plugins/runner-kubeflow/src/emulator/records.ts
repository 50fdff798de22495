// What the emulator keeps, in the KFP v2beta1 shapes (backend/api/v2beta1/{run,experiment,
// pipeline}.proto), with snake_case field names as the API server writes them.

/** google.rpc.Status, as KFP reports a run's or task's error. */
export interface Status {
  readonly code: number;
  readonly message: string;
  readonly details: readonly unknown[];
}

export type RuntimeState =
  | "RUNTIME_STATE_UNSPECIFIED"
  | "PENDING"
  | "RUNNING"
  | "SUCCEEDED"
  | "SKIPPED"
  | "FAILED"
  | "CANCELING"
  | "CANCELED"
  | "PAUSED";

export interface StateChange {
  readonly update_time: string;
  readonly state: RuntimeState;
}

/** `PipelineTaskDetail`. */
export interface TaskDetail {
  run_id: string;
  task_id: string;
  display_name: string;
  create_time: string;
  start_time?: string;
  end_time?: string;
  state: RuntimeState;
  state_history: StateChange[];
  error?: Status;
  pod_name: string;
  child_tasks: unknown[];
}

/** A submitted run and what the emulator does with it. */
export interface RunRecord {
  run_id: string;
  display_name: string;
  description?: string;
  experiment_id: string;
  /** The experiment's namespace (runs are listed by it). */
  namespace: string;
  /** As submitted: the IR, or `{pipeline_spec, platform_spec}`. */
  pipeline_spec?: unknown;
  pipeline_version_reference?: { pipeline_id: string; pipeline_version_id: string };
  runtime_config: { parameters: Record<string, unknown>; pipeline_root: string };
  service_account?: string;
  /** The recurring run that started it. */
  recurring_run_id?: string;
  created_at: string;
  scheduled_at: string;
  finished_at?: string;
  state: RuntimeState;
  state_history: StateChange[];
  error?: Status;
  /** Task name → its detail, in the order tasks started (the root DAG first). */
  tasks: Map<string, TaskDetail>;
  /** Task output, last lines first dropped. */
  logs: string[];
  controller: AbortController;
  /** Settles when the run reaches a final state. */
  done: Promise<void>;
}

export interface ExperimentRecord {
  experiment_id: string;
  display_name: string;
  description: string;
  created_at: string;
  namespace: string;
  storage_state: "AVAILABLE";
}

export interface PipelineRecord {
  pipeline_id: string;
  name: string;
  display_name: string;
  description: string;
  created_at: string;
  namespace: string;
}

export interface VersionRecord {
  pipeline_id: string;
  pipeline_version_id: string;
  name: string;
  display_name: string;
  description: string;
  created_at: string;
  /** The uploaded file's documents as JSON: the IR, or `{pipeline_spec, platform_spec}`. */
  pipeline_spec: unknown;
}

/** A run as `GET /runs/{id}` returns it. */
export function runView(run: RunRecord): Record<string, unknown> {
  return {
    run_id: run.run_id,
    experiment_id: run.experiment_id,
    display_name: run.display_name,
    ...(run.description === undefined ? {} : { description: run.description }),
    storage_state: "AVAILABLE",
    ...(run.pipeline_spec === undefined ? {} : { pipeline_spec: run.pipeline_spec }),
    ...(run.pipeline_version_reference ? { pipeline_version_reference: run.pipeline_version_reference } : {}),
    runtime_config: run.runtime_config,
    ...(run.service_account ? { service_account: run.service_account } : {}),
    ...(run.recurring_run_id ? { recurring_run_id: run.recurring_run_id } : {}),
    created_at: run.created_at,
    scheduled_at: run.scheduled_at,
    ...(run.finished_at ? { finished_at: run.finished_at } : {}),
    state: run.state,
    state_history: run.state_history,
    ...(run.error ? { error: run.error } : {}),
    run_details: { task_details: [...run.tasks.values()] },
  };
}

/** `RecurringRun` (backend/api/v2beta1/recurring_run.proto), as stored. */
export interface RecurringRunRecord {
  readonly recurring_run_id: string;
  readonly display_name: string;
  readonly description?: string;
  readonly pipeline_spec: unknown;
  readonly runtime_config: { readonly parameters: Record<string, unknown>; readonly pipeline_root: string };
  readonly service_account?: string;
  readonly max_concurrency: string;
  readonly trigger: { readonly cron_schedule: { readonly cron: string } };
  readonly mode: "ENABLE" | "DISABLE";
  status: "ENABLED" | "DISABLED";
  readonly no_catchup: boolean;
  readonly namespace: string;
  readonly experiment_id: string;
  readonly created_at: string;
  updated_at: string;
  /** Runs it started (the emulator starts one on `fireRecurringRun`). */
  started: number;
}
