import { FerryError } from "@ferry/core";
import type { ArtifactRef, CompiledSpec } from "@ferry/core/plugin";
import { bindImage, type PipelineSpec, type PlatformSpec, toYaml } from "@ferry/kfp";
import { parseAllDocuments } from "yaml";
import { PIPELINE_FILE, RUN_FILE, type RunFile } from "./compile.ts";

/** A compiled pipeline bound to the image `package` pushed: what submit and deploy send. */
export interface BoundPipeline {
  readonly spec: PipelineSpec;
  readonly platformSpec?: PlatformSpec;
  readonly run: RunFile;
  /** The pipeline file with the image bound, as uploaded. */
  readonly yaml: string;
}

/**
 * Read back what `compile` wrote and bind the image. The pipeline file is the source of
 * truth: what `ferry compile` shows is what KFP gets.
 */
export function bindPipeline(compiled: CompiledSpec, artifact: ArtifactRef, phase: string): BoundPipeline {
  const text = compiled.files[PIPELINE_FILE];
  const meta = compiled.files[RUN_FILE];
  if (text === undefined || meta === undefined || artifact.kind !== "image" || artifact.uri === undefined) {
    throw new FerryError("PLUGIN_ERROR", {
      message: `kubeflow ${phase}s a pipeline it compiled itself (${PIPELINE_FILE}, ${RUN_FILE}) with the image its package phase pushed; got files [${Object.keys(compiled.files).join(", ")}] and a '${artifact.kind}' artifact.`,
      hint: "Run the whole run through Ferry (ferry run --target=kubeflow), which compiles and packages before it submits.",
      details: { plugin: "kubeflow", phase },
    });
  }
  const [specDoc, platformDoc] = parseAllDocuments(text) as unknown as { toJS(): unknown }[];
  const spec = bindImage(specDoc?.toJS() as PipelineSpec, artifact.uri);
  const platformSpec = platformDoc?.toJS() as PlatformSpec | undefined;
  const empty = { stepToTask: {}, taskToStep: {} };
  return {
    spec,
    ...(platformSpec ? { platformSpec } : {}),
    run: JSON.parse(meta) as RunFile,
    yaml: toYaml({ spec, ...(platformSpec ? { platformSpec } : {}), names: empty, parameters: [], warnings: [] }),
  };
}
