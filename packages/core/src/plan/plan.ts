import { isParamName } from "../names.ts";
import type { Pipeline } from "../pipeline/pipeline.ts";
import type { Session } from "../session/session.ts";

/** One unit of execution on a target: one or more nodes run by one `ferry run-node`. */
export interface PlanStep {
  readonly id: string;
  readonly nodes: readonly string[];
  readonly dependsOn: readonly string[];
}

export interface PlanDataset {
  readonly type: string;
  readonly persistent: boolean;
  readonly uri?: string;
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
  /** What reopens the same session elsewhere (a worker, a step process, a later `ferry status`). */
  readonly session: {
    readonly paramOverrides: readonly string[];
    readonly saveVersion: string;
    readonly loadVersions: Readonly<Record<string, string>>;
  };
  readonly params: Readonly<Record<string, unknown>>;
  readonly steps: readonly PlanStep[];
  readonly datasets: Readonly<Record<string, PlanDataset>>;
}

export interface PlanOptions {
  readonly runId: string;
  /** The name of the pipeline `pipeline` was selected from. */
  readonly pipelineName: string;
}

/** Build the plan of a run: one step per node, in the pipeline's topological order. */
export function plan(session: Session, pipeline: Pipeline, options: PlanOptions): ExecutionPlan {
  const steps = pipeline.nodes.map((n) => {
    const parents = new Set<string>();
    for (const ref of n.inputs) {
      const p = pipeline.producerOf(ref.name);
      if (p) parents.add(p.name);
    }
    return { id: n.name, nodes: [n.name], dependsOn: [...parents].sort() };
  });
  const datasets: Record<string, PlanDataset> = {};
  for (const name of pipeline.datasets().sort()) {
    if (isParamName(name)) continue;
    const item = session.catalog.item(name);
    const uri = item.dataset.describe().uri;
    const producer = pipeline.producerOf(name)?.name;
    datasets[name] = {
      type: item.type.type,
      persistent: item.type.persistent !== false,
      ...(typeof uri === "string" ? { uri } : {}),
      ...(producer ? { producer } : {}),
      consumers: pipeline
        .consumersOf(name)
        .map((n) => n.name)
        .sort(),
    };
  }
  const { services } = session.catalog;
  return {
    version: 1,
    runId: options.runId,
    project: { name: session.project.config.name, root: session.project.root },
    pipeline: options.pipelineName,
    env: session.env ?? null,
    session: {
      paramOverrides: [...session.spec.paramOverrides],
      saveVersion: services.versions.save,
      loadVersions: { ...services.versions.load },
    },
    params: session.params,
    steps,
    datasets,
  };
}
