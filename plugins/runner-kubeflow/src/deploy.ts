import type { ArtifactRef, CompiledSpec, Installed } from "@ferry/core/plugin";
import { bindPipeline } from "./bound.ts";
import { type Connection, equalsFilter, KfpHttpError, kfp } from "./client.ts";
import type { KubeflowOptions } from "./options.ts";

interface Pipeline {
  readonly pipeline_id?: string;
  readonly name?: string;
  readonly display_name?: string;
}

interface PipelineVersion {
  readonly pipeline_version_id?: string;
  readonly name?: string;
  readonly display_name?: string;
}

/** The KFP UI's page of a pipeline version. */
export const versionPage = (options: Pick<KubeflowOptions, "url">, pipeline: string, version: string) =>
  `${options.url}/#/pipelines/details/${pipeline}/version/${version}`;

/** KFP's limit on a pipeline version's name (apiserver/validation/length.go). */
const VERSION_NAME_MAX = 127;

/** The name of the version a deploy of run `runId` creates: lowercase letters, digits and '-', at most 127. */
export function versionName(pipelineName: string, runId: string): string {
  const id = runId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 64);
  return `${pipelineName.slice(0, Math.max(1, VERSION_NAME_MAX - 1 - id.length))}-${id}`.replace(/^-+|-+$/g, "");
}

async function findPipeline(connection: Connection, name: string): Promise<Pipeline | undefined> {
  // Older servers filter `display_name` only; newer ones keep `name` beside it: match either.
  const { pipelines = [] } = await kfp<{ pipelines?: Pipeline[] }>(connection, {
    method: "GET",
    path: "/pipelines",
    query: { namespace: connection.namespace, filter: equalsFilter("display_name", name), page_size: 10 },
    phase: "deploy",
    what: `look for the pipeline '${name}'`,
  });
  return pipelines.find((p) => p.name === name || p.display_name === name);
}

async function versions(
  connection: Connection,
  pipelineId: string,
  query: Record<string, string | number>,
): Promise<PipelineVersion[]> {
  const { pipeline_versions = [] } = await kfp<{ pipeline_versions?: PipelineVersion[] }>(connection, {
    method: "GET",
    path: `/pipelines/${encodeURIComponent(pipelineId)}/versions`,
    query,
    phase: "deploy",
    what: `list the versions of pipeline ${pipelineId}`,
  });
  return pipeline_versions;
}

function upload(yaml: string, name: string): FormData {
  const form = new FormData();
  form.set("uploadfile", new Blob([yaml], { type: "application/x-yaml" }), `${name}.yaml`);
  return form;
}

/**
 * Install the compiled pipeline (bound to the pushed image) in KFP for UI users to run: a
 * new pipeline named `pipelineInfo.name` (KFP names its first version after it), or a new
 * version `<pipeline>-<run id>` of the one that exists. A retried deploy finds its version.
 */
export async function deployPipeline(
  options: KubeflowOptions,
  compiled: CompiledSpec,
  artifact: ArtifactRef,
  runId: string,
): Promise<Installed> {
  const { yaml, run } = bindPipeline(compiled, artifact, "deploy");
  const name = run.pipelineName;
  const version = versionName(name, runId);
  const description = `Deployed by Ferry from run ${runId}, image ${artifact.uri}`;
  const installed = (pipelineId: string, v: PipelineVersion, summary: string): Installed => {
    const versionId = v.pipeline_version_id ?? "";
    return {
      target: "kubeflow",
      id: versionId,
      url: versionPage(options, pipelineId, versionId),
      summary,
      data: { pipelineId, versionId, versionName: v.name ?? v.display_name ?? version },
    };
  };
  let pipeline = await findPipeline(options, name);
  if (pipeline?.pipeline_id === undefined) {
    try {
      pipeline = await kfp<Pipeline>(options, {
        method: "POST",
        path: "/pipelines/upload",
        query: { name, display_name: name, description, namespace: options.namespace },
        form: upload(yaml, name),
        phase: "deploy",
        what: `upload the pipeline '${name}'`,
      });
      const pipelineId = pipeline.pipeline_id ?? "";
      const [first] = await versions(options, pipelineId, { sort_by: "created_at desc", page_size: 1 });
      return installed(pipelineId, first ?? {}, `pipeline '${name}' created in Kubeflow Pipelines`);
    } catch (error) {
      // Created by someone else between our look and our upload: add a version instead.
      if (!(error instanceof KfpHttpError && error.status === 409)) throw error;
      pipeline = await findPipeline(options, name);
    }
  }
  const pipelineId = pipeline?.pipeline_id ?? "";
  const [existing] = await versions(options, pipelineId, { filter: equalsFilter("name", version), page_size: 1 });
  if (existing?.name === version)
    return installed(pipelineId, existing, `pipeline '${name}': version '${version}' exists already`);
  const created = await kfp<PipelineVersion>(options, {
    method: "POST",
    path: "/pipelines/upload_version",
    query: { pipelineid: pipelineId, name: version, display_name: version, description },
    form: upload(yaml, version),
    phase: "deploy",
    what: `upload version '${version}' of the pipeline '${name}'`,
  });
  return installed(pipelineId, created, `pipeline '${name}': version '${version}' added`);
}
