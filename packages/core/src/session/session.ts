import type { DataCatalog } from "../catalog/data-catalog.ts";
import type { DatasetEntry, DatasetServices, DatasetType } from "../catalog/dataset-type.ts";
import { builtinTypes } from "../catalog/types/builtin.ts";
import { intermediate } from "../catalog/types/intermediate.ts";
import { versionFor } from "../catalog/versioning.ts";
import { listEnvs, loadConf } from "../config/load-conf.ts";
import { applyOverrides, knownParamPaths, paramAt, parseParamOverrides, validateParams } from "../config/params.ts";
import { isParamName, paramPath } from "../names.ts";
import type { Pipeline } from "../pipeline/pipeline.ts";
import { type Problem, throwProblems } from "../pipeline/validate.ts";
import { parseResources, type ResourcesConfig } from "../plan/resources.ts";
import { loadProject, type Project, pipelineOf } from "../project/load-project.ts";
import { createStorageRegistry } from "../storage/registry.ts";
import { didYouMean } from "../suggest.ts";
import { bindCatalog, catalogFromEntries } from "./bind-catalog.ts";

export interface SessionOptions {
  /** Any folder inside the project. */
  readonly cwd: string;
  /** Config environment (`conf/<env>`). @default config.defaultEnv, else "local" when it exists */
  readonly env?: string | undefined;
  /** `--params` values (`a.b=3`). */
  readonly params?: readonly string[] | undefined;
  /** Pinned load versions of versioned datasets, by dataset name. */
  readonly loadVersions?: Readonly<Record<string, string>> | undefined;
  /** The version saves of this session use. @default now, in Kedro's format */
  readonly saveVersion?: string | undefined;
}

/**
 * A session after config layering and validation, as plain JSON: what another thread or
 * process needs to bind the same session without reading or checking config again.
 */
export interface SessionSpec {
  readonly root: string;
  readonly env: string | null;
  readonly paramOverrides: readonly string[];
  readonly params: Record<string, unknown>;
  readonly entries: readonly DatasetEntry[];
  readonly versions: DatasetServices["versions"];
  /** Raw target options from `targets.yml` (validated by each plugin when used). */
  readonly targets: Record<string, unknown>;
  /** Compute requests from `resources.yml`, validated. */
  readonly resources: ResourcesConfig;
}

/** A project bound to one config env and parameter set: everything a run needs. */
export interface Session {
  readonly project: Project;
  readonly env: string | undefined;
  readonly catalog: DataCatalog;
  readonly params: Record<string, unknown>;
  readonly spec: SessionSpec;
  pipeline(name?: string): Pipeline;
  /** The value of a parameter input (`params:a.b`). */
  paramValue(name: string): unknown;
}

function defaultEnv(project: Project): string | undefined {
  if (project.config.defaultEnv !== undefined) return project.config.defaultEnv;
  return listEnvs(project.root).includes("local") ? "local" : undefined;
}

function datasetTypes(project: Project): Map<string, DatasetType<unknown>> {
  const types = new Map<string, DatasetType<unknown>>();
  for (const t of [...builtinTypes, ...(project.config.datasetTypes ?? [])]) types.set(t.type, t);
  return types;
}

/** Parameters the project's nodes read but the merged parameters lack. */
function unknownParams(project: Project, params: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const known = knownParamPaths(params);
  for (const p of project.pipelines.values()) {
    for (const n of p.nodes) {
      for (const ref of n.inputs) {
        const path = paramPath(ref.name).join(".");
        if (!isParamName(ref.name) || seen.has(ref.name) || paramAt(params, path).found) continue;
        seen.add(ref.name);
        problems.push({
          message: `Node '${n.name}' reads parameter '${ref.name}', which parameters.yml does not define.${didYouMean(path, known)}`,
          fix: `Add '${path}' to conf/base/parameters.yml, or fix the path in the node's inputs.`,
        });
      }
    }
  }
  return problems;
}

/** resources.yml entries for nodes no pipeline has. */
function unknownResourceNodes(project: Project, resources: ResourcesConfig): Problem[] {
  const names = new Set([...project.pipelines.values()].flatMap((p) => p.nodes.map((n) => n.name)));
  return Object.keys(resources.nodes ?? {})
    .filter((name) => !names.has(name))
    .map((name) => ({
      message: `resources.yml sets nodes.${name}, but no pipeline has a node '${name}'.${didYouMean(name, names)}`,
      fix: "Use a node name from `ferry list nodes`.",
    }));
}

/** Load the project, layer and validate its config, bind the catalog, resolve the parameters. */
export async function openSession(options: SessionOptions): Promise<Session> {
  const project = await loadProject(options.cwd);
  const env = options.env ?? defaultEnv(project);
  const conf = await loadConf(project.root, env);
  let params = applyOverrides(conf.parameters, await parseParamOverrides(options.params ?? []));
  const schema = project.config.params?.schema;
  if (schema) params = (await validateParams(schema, params)) as Record<string, unknown>;

  const declared = new Map<string, DatasetType<unknown>>();
  for (const ref of Object.values(project.config.catalog ?? {})) declared.set(ref.name, ref.type);
  for (const p of project.pipelines.values()) {
    for (const n of p.nodes) {
      for (const ref of [...n.inputs, ...n.outputs]) {
        if (ref.kind === "dataset" && !declared.has(ref.name)) declared.set(ref.name, ref.type);
      }
    }
  }
  const versions = { save: options.saveVersion ?? versionFor(new Date()), load: options.loadVersions ?? {} };
  const services = { storage: createStorageRegistry(project.root, project.config.storage), versions };
  const bound = await bindCatalog({ conf, declared, types: datasetTypes(project), services });
  const resources = await parseResources(conf);
  const problems = [...unknownParams(project, params), ...unknownResourceNodes(project, resources), ...bound.problems];
  throwProblems(`The project configuration${env ? ` (env '${env}')` : ""}`, problems, "CONFIG_INVALID");
  const spec: SessionSpec = {
    root: project.root,
    env: env ?? null,
    paramOverrides: [...(options.params ?? [])],
    params,
    entries: bound.entries,
    versions,
    targets: conf.targets,
    resources,
  };
  return sessionOf(project, spec, bound.catalog);
}

/** Bind a session from its spec: no config is read or validated again. */
export async function bindSession(spec: SessionSpec): Promise<Session> {
  const project = await loadProject(spec.root);
  const services = { storage: createStorageRegistry(project.root, project.config.storage), versions: spec.versions };
  // Plans add run-scoped intermediates, a type no catalog.yml names.
  const types = datasetTypes(project).set("intermediate", intermediate());
  return sessionOf(project, spec, catalogFromEntries(spec.entries, types, services));
}

function sessionOf(project: Project, spec: SessionSpec, catalog: DataCatalog): Session {
  return {
    project,
    env: spec.env ?? undefined,
    catalog,
    params: spec.params,
    spec,
    pipeline: (name) => pipelineOf(project, name),
    paramValue: (name) => paramAt(spec.params, paramPath(name).join(".")).value,
  };
}
