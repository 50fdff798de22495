import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { isParamName } from "../names.ts";
import type { Resources } from "../node.ts";
import type { Pipeline } from "../pipeline/pipeline.ts";
import type { Session } from "../session/session.ts";
import { type Grouping, groupNodes } from "./grouping.ts";
import { nodeResources, stepResources } from "./resources.ts";

/** One unit of execution on a target: one or more nodes run by one `ferry run-node`. */
export interface PlanStep {
  readonly id: string;
  /** Nodes in the order the step runs them. */
  readonly nodes: readonly string[];
  readonly dependsOn: readonly string[];
  /** What the target runs for this step (in its container, or as a local process). */
  readonly command: readonly string[];
  /** Why several nodes share this step (empty for a single node). */
  readonly fused: readonly string[];
  /** What the step needs: the most any of its nodes needs (time limits add up). */
  readonly resources: Resources;
  /** Environment variables of the step's process or container. */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * A dataset of the run. `persistent`: from the catalog; `memory`: produced and read within
 * one step; `intermediate`: a memory dataset that crosses steps, stored for this run only
 * under the storage root (`<root>/<run-id>/<dataset>`).
 */
export interface PlanDataset {
  readonly role: "persistent" | "memory" | "intermediate";
  readonly type: string;
  readonly uri?: string;
  readonly versioned: boolean;
  readonly loadArgs: Readonly<Record<string, unknown>>;
  readonly saveArgs: Readonly<Record<string, unknown>>;
  /** Producing node, when the run produces it. */
  readonly producer?: string;
  readonly consumers: readonly string[];
}

/** The target-neutral description of one run. Plain JSON, deterministic for its inputs. */
export interface ExecutionPlan {
  readonly version: 1;
  readonly runId: string;
  readonly project: { readonly name: string; readonly root: string };
  readonly pipeline: string;
  readonly env: string | null;
  /** What rebinds the same session elsewhere (a worker, a step process, a later `ferry status`). */
  readonly session: {
    readonly paramOverrides: readonly string[];
    readonly saveVersion: string;
    readonly loadVersions: Readonly<Record<string, string>>;
  };
  readonly params: Readonly<Record<string, unknown>>;
  /** Where this plan is stored for steps to read (`--plan`), and the root of run-scoped data. */
  readonly planUri: string;
  readonly storageRoot: string;
  readonly steps: readonly PlanStep[];
  readonly datasets: Readonly<Record<string, PlanDataset>>;
}

export interface PlanOptions {
  readonly runId: string;
  /** The name of the pipeline `pipeline` was selected from. */
  readonly pipelineName: string;
  /** Root URI of run-scoped intermediates. @default `<project>/.ferry/intermediate` */
  readonly storageRoot?: string | undefined;
  /**
   * Where the target stores the plan. @default `<storageRoot>/<run-id>/.ferry-plan.json` with a
   * storage root, else `<project>/.ferry/runs/<run-id>/plan.json`
   */
  readonly planUri?: string | undefined;
  /** How nodes become steps. @default "none" (a step per node) */
  readonly grouping?: Grouping | undefined;
  /** Environment variables for every step (from the target's `env` option). */
  readonly env?: Readonly<Record<string, string>> | undefined;
}

/** Build the plan of a run: its steps (nodes grouped by `grouping`) in dependency order, and its datasets. */
export function plan(session: Session, pipeline: Pipeline, options: PlanOptions): ExecutionPlan {
  const { runId } = options;
  const root = session.project.root;
  const storageRoot = (options.storageRoot ?? pathToFileURL(join(root, ".ferry", "intermediate")).href).replace(
    /\/$/,
    "",
  );
  // A target with a storage root keeps the plan beside the run's intermediates, where its
  // steps can read it; no dataset name starts with a dot, so the name never collides.
  const planUri =
    options.planUri ??
    (options.storageRoot === undefined
      ? pathToFileURL(join(root, ".ferry", "runs", runId, "plan.json")).href
      : `${storageRoot}/${runId}/.ferry-plan.json`);
  const groups = groupNodes(pipeline, options.grouping ?? "none", (d) => session.catalog.isPersistent(d));
  const { stepOf } = groups;
  const steps = groups.steps.map((group) => {
    const parents = new Set<string>();
    for (const n of group.nodes) {
      for (const ref of n.inputs) {
        const p = pipeline.producerOf(ref.name);
        const step = p && stepOf.get(p.name);
        if (step !== undefined && step !== group.id) parents.add(step);
      }
    }
    return {
      id: group.id,
      nodes: group.nodes.map((n) => n.name),
      dependsOn: [...parents].sort(),
      command: ["ferry", "run-node", "--plan", planUri, "--step", group.id, "--run-id", runId],
      fused: group.reasons,
      resources: stepResources(group.nodes.map((n) => nodeResources(n, session.spec.resources))),
      env: { ...options.env, FERRY_RUN_ID: runId, FERRY_STEP: group.id },
    };
  });
  const entries = new Map(session.spec.entries.map((e) => [e.name, e]));
  const datasets: Record<string, PlanDataset> = {};
  for (const name of pipeline.datasets().sort()) {
    if (isParamName(name)) continue;
    const item = session.catalog.item(name);
    const described = item.dataset.describe();
    const producer = pipeline.producerOf(name)?.name;
    const consumers = pipeline
      .consumersOf(name)
      .map((n) => n.name)
      .sort();
    const entry = entries.get(name);
    const persistent = item.type.persistent !== false;
    const crosses = producer !== undefined && consumers.some((c) => stepOf.get(c) !== stepOf.get(producer));
    const role = persistent ? "persistent" : crosses ? "intermediate" : "memory";
    const uri = role === "intermediate" ? `${storageRoot}/${runId}/${name}` : (described.uri as string | undefined);
    datasets[name] = {
      role,
      type: role === "intermediate" ? "intermediate" : item.type.type,
      ...(uri === undefined ? {} : { uri }),
      versioned: entry?.versioned ?? false,
      loadArgs: entry?.loadArgs ?? {},
      saveArgs: entry?.saveArgs ?? {},
      ...(producer ? { producer } : {}),
      consumers,
    };
  }
  const { versions } = session.catalog.services;
  return {
    version: 1,
    runId,
    project: { name: session.project.config.name, root },
    pipeline: options.pipelineName,
    env: session.env ?? null,
    session: {
      paramOverrides: [...session.spec.paramOverrides],
      saveVersion: versions.save,
      loadVersions: { ...versions.load },
    },
    params: session.params,
    planUri,
    storageRoot,
    steps,
    datasets,
  };
}
