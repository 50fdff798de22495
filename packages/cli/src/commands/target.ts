import {
  envOf,
  FerryError,
  type Grouping,
  type OnlyOptions,
  plan,
  type Session,
  selectPipeline,
  storageRootOf,
} from "@ferry/core";
import { loadTarget, type RunnerPlugin, validatePluginOptions, wrapPlugin } from "@ferry/core/plugin";
import { list, openProjectSession, type ProjectFlags } from "../context.ts";
import { createLogger } from "../render/logger.ts";
import type { Output } from "../render/output.ts";

/** Flags that choose what runs and where: `run`, `compile` and `explain` share them. */
export interface TargetFlags extends ProjectFlags {
  pipeline?: string;
  nodes?: string[];
  fromNodes?: string[];
  toNodes?: string[];
  tags?: string[];
  parallel?: string;
  isolation?: "thread" | "process";
  target?: string;
  group?: Grouping;
}

function parallelOf(flag: string): number {
  const n = Number(flag);
  if (!Number.isInteger(n) || n < 1) {
    throw new FerryError("USAGE_INVALID", {
      message: `--parallel '${flag}' is not a positive whole number.`,
      hint: "Use --parallel 2 to run up to two nodes at once.",
    });
  }
  return n;
}

/** The session, the target's plugin and its validated options (targets.yml, then local flags). */
export async function prepareTarget(flags: TargetFlags): Promise<{
  session: Session;
  target: string;
  plugin: RunnerPlugin<unknown>;
  targetOptions: unknown;
  pipelineName: string;
  filters: OnlyOptions;
}> {
  const target = flags.target ?? "local";
  const session = await openProjectSession(flags);
  const plugin = await loadTarget(session.project, target);
  const fromFlags = {
    ...(flags.parallel === undefined ? {} : { parallel: parallelOf(flags.parallel) }),
    ...(flags.isolation === undefined ? {} : { isolation: flags.isolation }),
  };
  if (target !== "local" && Object.keys(fromFlags).length > 0) {
    throw new FerryError("USAGE_INVALID", {
      message: "--parallel and --isolation apply to the local target only.",
      hint: `Set '${target}' options in conf/<env>/targets.yml.`,
    });
  }
  const targetOptions = await validatePluginOptions(
    plugin,
    { ...(session.spec.targets[target] ?? {}), ...fromFlags },
    `conf/${session.env ?? "base"}/targets.yml`,
  );
  const filters = {
    nodes: list(flags.nodes),
    from: list(flags.fromNodes),
    to: list(flags.toNodes),
    tags: list(flags.tags),
  };
  return { session, target, plugin, targetOptions, pipelineName: flags.pipeline ?? "__default__", filters };
}

/** The target's plan of the selected pipeline, and the plugin behind core's wrapper, for offline phases. */
export async function planForTarget(flags: TargetFlags, runId: string, output: Output) {
  const prepared = await prepareTarget(flags);
  const { session, plugin, targetOptions, pipelineName, filters } = prepared;
  const thePlan = plan(session, selectPipeline(session, pipelineName, filters), {
    runId,
    pipelineName,
    grouping: flags.group,
    storageRoot: storageRootOf(targetOptions),
    env: envOf(targetOptions),
  });
  const runtime = wrapPlugin(plugin, targetOptions, {
    runId,
    projectRoot: session.project.root,
    logger: createLogger(output, plugin.name),
  });
  return { ...prepared, thePlan, runtime };
}
