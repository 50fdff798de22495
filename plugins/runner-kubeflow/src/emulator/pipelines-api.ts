import { randomUUID } from "node:crypto";
import { parseAllDocuments } from "yaml";
import { ApiError, now } from "./http.ts";
import { listPage } from "./list.ts";
import type { PipelineRecord, VersionRecord } from "./records.ts";
import { checkLength, type EmulatorState, namespaceOf, readSubmittedSpec } from "./state.ts";

/** The API server's limit on an uploaded pipeline file (common.MaxFileLength). */
const MAX_FILE_BYTES = 32 << 20;
const KEYS = new Set(["name", "display_name", "pipeline_id", "pipeline_version_id", "created_at", "namespace"]);

/** An uploaded pipeline file as the Struct a run would carry: the IR, or IR + platform spec. */
function readFile(text: string): unknown {
  if (Buffer.byteLength(text) > MAX_FILE_BYTES) {
    throw new ApiError(413, `The pipeline file is larger than ${MAX_FILE_BYTES} bytes`, true);
  }
  let docs: unknown[];
  try {
    docs = parseAllDocuments(text).map((d) => {
      if (d.errors.length > 0) throw d.errors[0];
      return d.toJS() as unknown;
    });
  } catch {
    throw new ApiError(400, "Failed to read a pipeline spec file", true);
  }
  const [spec, platform] = docs;
  const value = platform === undefined ? spec : { pipeline_spec: spec, platform_spec: platform };
  readSubmittedSpec(value, "uploadfile", true);
  return value;
}

/** `name`, else `display_name`, else the file's name without its extension (buildPipelineName). */
const nameFrom = (query: URLSearchParams, file: string) =>
  query.get("name") || query.get("display_name") || file.replace(/\.(ya?ml|json|zip|tar\.gz|tgz)$/i, "");

function addVersion(
  state: EmulatorState,
  pipeline: PipelineRecord,
  name: string,
  displayName: string,
  description: string,
  spec: unknown,
) {
  const version: VersionRecord = {
    pipeline_id: pipeline.pipeline_id,
    pipeline_version_id: randomUUID(),
    name,
    display_name: displayName,
    description,
    created_at: now(),
    pipeline_spec: spec,
  };
  state.versions.set(version.pipeline_version_id, version);
  return version;
}

/** `POST /apis/v2beta1/pipelines/upload`: a new pipeline and its first version, both named `name`. */
export function uploadPipeline(state: EmulatorState, query: URLSearchParams, file: { name: string; text: string }) {
  const spec = readFile(file.text);
  const namespace = namespaceOf(state, query.get("namespace") ?? "", "uploading a pipeline");
  const name = nameFrom(query, file.name);
  const displayName = query.get("display_name") || name;
  checkLength("Pipeline", "Namespace", namespace, 63, true);
  checkLength("Pipeline", "Name", name, 128, true);
  if ([...state.pipelines.values()].some((p) => p.name === name && p.namespace === namespace)) {
    throw new ApiError(409, "Failed to create a pipeline and a pipeline version", true);
  }
  const description = query.get("description") ?? "";
  const pipeline: PipelineRecord = {
    pipeline_id: randomUUID(),
    name,
    display_name: displayName,
    description,
    created_at: now(),
    namespace,
  };
  state.pipelines.set(pipeline.pipeline_id, pipeline);
  addVersion(state, pipeline, name, displayName, description, spec);
  return pipeline;
}

/** `POST /apis/v2beta1/pipelines/upload_version?pipelineid=…`: a version with a name new to its pipeline. */
export function uploadVersion(state: EmulatorState, query: URLSearchParams, file: { name: string; text: string }) {
  const spec = readFile(file.text);
  const pipeline = state.pipelines.get(query.get("pipelineid") ?? "");
  if (pipeline === undefined) throw new ApiError(400, "Failed to create a pipeline version", true);
  const name = nameFrom(query, file.name);
  checkLength("PipelineVersion", "Name", name, 127, true);
  const taken = [...state.versions.values()].some((v) => v.pipeline_id === pipeline.pipeline_id && v.name === name);
  if (taken) throw new ApiError(409, "Failed to create a pipeline version", true);
  return addVersion(state, pipeline, name, query.get("display_name") || name, query.get("description") ?? "", spec);
}

export function listPipelines(state: EmulatorState, query: URLSearchParams): Record<string, unknown> {
  const namespace = query.get("namespace") ?? "";
  const all = [...state.pipelines.values()].filter((p) => p.namespace === namespace);
  const page = listPage(all as unknown as Record<string, unknown>[], query, KEYS);
  return {
    pipelines: page.items,
    total_size: page.total_size,
    ...(page.next_page_token ? { next_page_token: page.next_page_token } : {}),
  };
}

export function listVersions(
  state: EmulatorState,
  pipelineId: string,
  query: URLSearchParams,
): Record<string, unknown> {
  if (!state.pipelines.has(pipelineId))
    throw new ApiError(404, `Failed to list pipeline versions: pipeline ${pipelineId} not found`);
  const all = [...state.versions.values()].filter((v) => v.pipeline_id === pipelineId);
  const page = listPage(all as unknown as Record<string, unknown>[], query, KEYS);
  return {
    pipeline_versions: page.items,
    total_size: page.total_size,
    ...(page.next_page_token ? { next_page_token: page.next_page_token } : {}),
  };
}
