import { type DataStore, relocateReferenceData } from "@ferry/conformance";
import type { CompiledSpec } from "@ferry/core/plugin";
import { parseAllDocuments } from "yaml";
import { store } from "./s3.ts";

/**
 * The reference project with its data on S3: its inputs moved under `base` and the S3 driver
 * registered in its ferry.config.ts, with the endpoint from AWS_ENDPOINT_URL_S3 (which the
 * steps get from the emulator's env).
 */
export function onS3(root: string, base: string, to: DataStore = store): Promise<void> {
  return relocateReferenceData(root, base, to, {
    imports: 'import { createS3Driver } from "@ferry/storage-s3";',
    storage: "[createS3Driver({ endpoint: process.env.AWS_ENDPOINT_URL_S3 })]",
  });
}

type Obj = Record<string, any>;

/**
 * The DAG of a compiled pipeline.yaml, read here with the yaml package (not the plugin's
 * reader): each task's Ferry step is the `--step` of its executor's command.
 */
export function dagOfPipelineFile(compiled: CompiledSpec): { steps: string[]; edges: [string, string][] } {
  const [doc] = parseAllDocuments(compiled.files["pipeline.yaml"] ?? "");
  const spec = doc?.toJS() as Obj;
  const tasks = spec.root.dag.tasks as Record<string, Obj>;
  const stepOf = (task: string): string => {
    const label = spec.components[tasks[task]?.componentRef.name].executorLabel as string;
    const command = spec.deploymentSpec.executors[label].container.command as string[];
    return command[command.indexOf("--step") + 1] as string;
  };
  const names = Object.keys(tasks);
  return {
    steps: names.map(stepOf),
    edges: names.flatMap((t) =>
      ((tasks[t]?.dependentTasks ?? []) as string[]).map((d): [string, string] => [stepOf(d), stepOf(t)]),
    ),
  };
}
