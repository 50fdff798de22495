import { randomUUID } from "node:crypto";
import { ApiError, now, onlyFields } from "./http.ts";
import { listPage } from "./list.ts";
import type { ExperimentRecord } from "./records.ts";
import { checkLength, type EmulatorState, namespaceOf } from "./state.ts";

const FIELDS = [
  "experiment_id",
  "display_name",
  "description",
  "created_at",
  "namespace",
  "storage_state",
  "last_run_created_at",
];
const KEYS = new Set(["display_name", "experiment_id", "created_at", "namespace", "storage_state"]);

/** `POST /apis/v2beta1/experiments`: a display name unique in its namespace. */
export function createExperiment(state: EmulatorState, body: Record<string, unknown>): ExperimentRecord {
  onlyFields(body, FIELDS, "v2beta1.Experiment");
  const name = body.display_name;
  if (typeof name !== "string" || name.trim() === "") {
    throw new ApiError(400, "Invalid input error: Experiment display_name is empty. Please specify a valid name");
  }
  const namespace = namespaceOf(state, body.namespace, "creating an experiment");
  checkLength("Experiment", "Name", name, 128);
  checkLength("Experiment", "Namespace", namespace, 63);
  const taken = [...state.experiments.values()].some((e) => e.display_name === name && e.namespace === namespace);
  if (taken) {
    throw new ApiError(
      409,
      `Failed to create an experiment: an experiment named '${name}' already exists in namespace '${namespace}'`,
    );
  }
  const experiment: ExperimentRecord = {
    experiment_id: randomUUID(),
    display_name: name,
    description: typeof body.description === "string" ? body.description : "",
    created_at: now(),
    namespace,
    storage_state: "AVAILABLE",
  };
  state.experiments.set(experiment.experiment_id, experiment);
  return experiment;
}

/** `GET /apis/v2beta1/experiments`: those of the namespace, filtered and paged. */
export function listExperiments(state: EmulatorState, query: URLSearchParams): Record<string, unknown> {
  const namespace = namespaceOf(state, query.get("namespace") ?? "", "listing experiments");
  const all = [...state.experiments.values()].filter((e) => namespace === "" || e.namespace === namespace);
  const page = listPage(all as unknown as Record<string, unknown>[], query, KEYS);
  return {
    experiments: page.items,
    total_size: page.total_size,
    ...(page.next_page_token ? { next_page_token: page.next_page_token } : {}),
  };
}
