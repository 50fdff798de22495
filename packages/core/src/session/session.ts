import type { DataCatalog } from "../catalog/data-catalog.ts";
import type { DatasetType } from "../catalog/dataset-type.ts";
import { builtinTypes } from "../catalog/types/builtin.ts";
import { versionFor } from "../catalog/versioning.ts";
import { type Conf, listEnvs, loadConf } from "../config/load-conf.ts";
import { applyOverrides, knownParamPaths, paramAt, parseParamOverrides, validateParams } from "../config/params.ts";
import { isParamName, paramPath } from "../names.ts";
import type { Pipeline } from "../pipeline/pipeline.ts";
import { type Problem, throwProblems } from "../pipeline/validate.ts";
import { loadProject, type Project, pipelineOf } from "../project/load-project.ts";
import { createStorageRegistry } from "../storage/registry.ts";
import { didYouMean } from "../suggest.ts";
import { bindCatalog } from "./bind-catalog.ts";

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

/** A project bound to one config env and parameter set: everything a run needs. */
export interface Session {
  readonly project: Project;
  readonly env: string | undefined;
  readonly conf: Conf;
  readonly catalog: DataCatalog;
  readonly params: Record<string, unknown>;
  /** The options this session was opened with (workers reopen it from these). */
  readonly options: SessionOptions;
  pipeline(name?: string): Pipeline;
  /** The value of a node input: a parameter (`params:a.b`) or a loaded dataset. */
  paramValue(name: string): unknown;
}

function defaultEnv(project: Project): string | undefined {
  if (project.config.defaultEnv !== undefined) return project.config.defaultEnv;
  return listEnvs(project.root).includes("local") ? "local" : undefined;
}

/** Load the project, layer its config, bind the catalog and resolve the parameters. */
export async function openSession(options: SessionOptions): Promise<Session> {
  const project = await loadProject(options.cwd);
  const env = options.env ?? defaultEnv(project);
  const conf = loadConf(project.root, env);
  const overrides = parseParamOverrides(options.params ?? []);
  let params = applyOverrides(conf.parameters, overrides);
  const schema = project.config.params?.schema;
  if (schema) params = (await validateParams(schema, params)) as Record<string, unknown>;

  const types = new Map<string, DatasetType<unknown>>();
  for (const t of [...builtinTypes, ...(project.config.datasetTypes ?? [])]) types.set(t.type, t);
  const declared = new Map<string, DatasetType<unknown>>();
  for (const ref of Object.values(project.config.catalog ?? {})) declared.set(ref.name, ref.type);
  const problems: Problem[] = [];
  const known = knownParamPaths(params);
  for (const p of project.pipelines.values()) {
    for (const n of p.nodes) {
      for (const ref of [...n.inputs, ...n.outputs]) {
        if (!isParamName(ref.name)) {
          if (!declared.has(ref.name) && ref.kind === "dataset") declared.set(ref.name, ref.type);
        } else if (!paramAt(params, paramPath(ref.name).join(".")).found) {
          const path = paramPath(ref.name).join(".");
          if (problems.some((x) => x.message.includes(`'${ref.name}'`))) continue;
          problems.push({
            message: `Node '${n.name}' reads parameter '${ref.name}', which parameters.yml does not define.${didYouMean(path, known)}`,
            fix: `Add '${path}' to conf/base/parameters.yml, or fix the path in the node's inputs.`,
          });
        }
      }
    }
  }
  const storage = createStorageRegistry(project.root, project.config.storage);
  const services = {
    storage,
    versions: {
      save: options.saveVersion ?? versionFor(new Date()),
      load: options.loadVersions ?? {},
    },
  };
  const bound = bindCatalog({ conf, declared, types, services });
  problems.push(...bound.problems);
  throwProblems(`The project configuration${env ? ` (env '${env}')` : ""}`, problems, "CONFIG_INVALID");

  return {
    project,
    env,
    conf,
    catalog: bound.catalog,
    params,
    options,
    pipeline: (name) => pipelineOf(project, name),
    paramValue: (name) => paramAt(params, paramPath(name).join(".")).value,
  };
}
