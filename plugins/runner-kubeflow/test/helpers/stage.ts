import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { writeReferenceProject } from "@ferry/conformance";
import { type ExecutionPlan, openSession, plan, stageRun } from "@ferry/core";
import {
  type ArtifactRef,
  type CompiledSpec,
  type Logger,
  type PluginContext,
  type PluginRuntime,
  validatePluginOptions,
  wrapPlugin,
} from "@ferry/core/plugin";
import { afterAll } from "vitest";
import { kubeflow } from "../../src/index.ts";
import type { KubeflowOptions } from "../../src/options.ts";
import { onS3 } from "./reference.ts";
import { BUCKET } from "./s3.ts";

// One folder per test file (each runs in its own worker), removed when the file is done.
const work = join(import.meta.dirname, "../.projects", randomBytes(4).toString("hex"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A logger that keeps what it is told, for tests that check warnings. */
export function recordingLogger(): Logger & { readonly warnings: string[] } {
  const warnings: string[] = [];
  return { debug() {}, info() {}, warn: (m) => void warnings.push(m), error() {}, warnings };
}

/** Validated options for `raw`, as core hands them to the plugin. */
export const optionsOf = (raw: Record<string, unknown>) =>
  validatePluginOptions(kubeflow(), raw, "test") as Promise<KubeflowOptions>;

/** A run made ready for submit as `ferry run` makes it: planned, preflighted, compiled, packaged, plan stored. */
export interface Staged {
  readonly root: string;
  readonly plan: ExecutionPlan;
  readonly runtime: PluginRuntime;
  readonly compiled: CompiledSpec;
  readonly artifact: ArtifactRef;
  readonly options: KubeflowOptions;
  /** A plugin context for calling the plugin's phases directly. */
  ctx(signal?: AbortSignal): PluginContext<KubeflowOptions>;
}

/** Stage the reference project's `pipeline` (data on S3) under a fresh run id. */
export async function stage(
  raw: Record<string, unknown>,
  pipeline = "diamond",
  extra: { params?: string[]; logger?: Logger } = {},
): Promise<Staged> {
  const root = writeReferenceProject(work);
  await onS3(root, `s3://${BUCKET}/plugin-tests`);
  const options = await optionsOf(raw);
  const runId = `test-${Math.random().toString(16).slice(2, 10)}`;
  const session = await openSession({ cwd: root, params: extra.params ?? [] });
  const thePlan = plan(session, session.pipeline(pipeline), {
    runId,
    pipelineName: pipeline,
    storageRoot: options.storageRoot,
    env: options.env,
  });
  const logger = extra.logger ?? recordingLogger();
  const runtime = wrapPlugin(kubeflow(), options, { runId, projectRoot: root, logger, retryBaseMs: 20 });
  const { compiled, artifact } = await stageRun(runtime, session, thePlan);
  return {
    root,
    plan: thePlan,
    runtime,
    compiled,
    artifact,
    options,
    ctx: (signal = new AbortController().signal) => ({
      options,
      runId,
      projectRoot: root,
      logger,
      signal,
      emit: () => {},
    }),
  };
}
