import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLocalPlugin, openSession, type RunRecord, runPipeline, type Session } from "@ferry/core";
import { type RunnerPlugin, validatePluginOptions } from "@ferry/core/plugin";
import type { Harness } from "./harness.ts";
import { writeReferenceProject } from "./reference.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** Everything a conformance test needs, shared by the suites. */
export interface SuiteContext {
  readonly plugin: () => RunnerPlugin<any>;
  readonly harness: Harness;
  readonly workdir: string;
  /** A fresh copy of the reference project for the target (after the harness's `prepareProject`). */
  project(): Promise<string>;
  open(root: string, params?: readonly string[]): Promise<Session>;
  /** Drive a run on the target through every phase; resolves to its record. */
  runOnTarget(
    root: string,
    pipeline: string,
    options?: { params?: string[]; signal?: AbortSignal; onSubmitted?: () => void; options?: unknown },
  ): Promise<RunRecord>;
  /** The same pipeline on the local target, in-process: the expected outputs. */
  runLocally(pipeline: string): Promise<{ root: string; record: RunRecord }>;
  read(uri: string): Promise<Uint8Array>;
}

export function createSuiteContext(plugin: () => RunnerPlugin<any>, harness: Harness, workdir: string): SuiteContext {
  const open = (root: string, params: readonly string[] = []) =>
    openSession({ cwd: root, params, saveVersion: "conformance" });
  const drive = async (
    target: RunnerPlugin<any>,
    options: unknown,
    root: string,
    pipeline: string,
    extra: { params?: string[]; signal?: AbortSignal; onSubmitted?: () => void },
  ) =>
    runPipeline({
      session: await open(root, extra.params),
      pipelineName: pipeline,
      plugin: target,
      targetOptions: await validatePluginOptions(target, options, "the conformance harness"),
      logger: silent,
      signal: extra.signal,
      onProgress: (p) => p.type === "phase" && p.phase === "run" && extra.onSubmitted?.(),
    });
  return {
    plugin,
    harness,
    workdir,
    async project() {
      const root = writeReferenceProject(workdir, { ...harness.projectFiles });
      await harness.prepareProject?.(root);
      return root;
    },
    open,
    runOnTarget: (root, pipeline, extra = {}) =>
      drive(plugin(), extra.options ?? harness.options(root), root, pipeline, extra),
    async runLocally(pipeline) {
      const root = writeReferenceProject(join(workdir, "expected"));
      return {
        root,
        record: await drive(createLocalPlugin(), { parallel: 1, isolation: "thread" }, root, pipeline, {}),
      };
    },
    read: (uri) => (harness.read ? harness.read(uri) : readFile(fileURLToPath(uri))),
  };
}
