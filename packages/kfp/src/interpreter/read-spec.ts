// Reads a submitted PipelineSpec the way a KFP backend does, from its JSON alone: nothing
// here imports the compiler's types, so an emulator built on it checks the compiler rather
// than agreeing with it by construction.
import { unknownPlaceholders } from "./placeholders.ts";

/** One container task of the root DAG, with its references resolved. */
export interface SpecTask {
  readonly name: string;
  readonly dependsOn: readonly string[];
  readonly image: string;
  readonly command: readonly string[];
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Component input name → the root input parameter it is wired to. */
  readonly inputs: Readonly<Record<string, string>>;
  /** Retries after the first attempt (`retryPolicy.maxRetryCount`). */
  readonly maxRetries: number;
}

/** A root input parameter: its declared type and default. */
export interface SpecParameter {
  readonly type: string;
  readonly defaultValue?: unknown;
  readonly optional: boolean;
}

export interface ReadSpec {
  readonly pipelineName: string;
  /** Tasks in a topological order (dependencies first). */
  readonly tasks: readonly SpecTask[];
  readonly parameters: Readonly<Record<string, SpecParameter>>;
}

const PARAMETER_TYPES = new Set(["NUMBER_INTEGER", "NUMBER_DOUBLE", "STRING", "BOOLEAN", "STRUCT", "LIST"]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");

/**
 * Validate `spec` as a KFP v2 container pipeline (schemaVersion 2.1.0) and resolve each task's
 * component and executor. Returns every problem found, as the platform's 400 would list them.
 */
export function readPipelineSpec(spec: unknown): { spec?: ReadSpec; problems: string[] } {
  const problems: string[] = [];
  if (!isObj(spec)) return { problems: ["pipelineSpec: must be an object"] };
  if (spec.schemaVersion !== "2.1.0") problems.push(`schemaVersion: '${String(spec.schemaVersion)}' is not 2.1.0`);
  const info = spec.pipelineInfo;
  const pipelineName = isObj(info) && typeof info.name === "string" ? info.name : "";
  if (pipelineName === "") problems.push("pipelineInfo.name: required");
  const components = isObj(spec.components) ? spec.components : {};
  const deployment = isObj(spec.deploymentSpec) ? spec.deploymentSpec : {};
  const executors = isObj(deployment.executors) ? deployment.executors : {};
  const root = isObj(spec.root) ? spec.root : {};
  const dag = isObj(root.dag) ? root.dag : undefined;
  const rawTasks = dag && isObj(dag.tasks) ? dag.tasks : undefined;
  if (rawTasks === undefined) problems.push("root.dag.tasks: required");
  const parameters = readParameters(root, problems);
  const tasks: SpecTask[] = [];
  for (const [name, raw] of Object.entries(rawTasks ?? {})) {
    const task = readTask(name, raw, components, executors, parameters, problems);
    if (task) tasks.push(task);
  }
  const ordered = topological(tasks, problems);
  if (problems.length > 0 || ordered === undefined) return { problems };
  return { spec: { pipelineName, tasks: ordered, parameters }, problems };
}

function readParameters(root: Obj, problems: string[]): Record<string, SpecParameter> {
  const defs =
    isObj(root.inputDefinitions) && isObj(root.inputDefinitions.parameters) ? root.inputDefinitions.parameters : {};
  const out: Record<string, SpecParameter> = {};
  for (const [name, def] of Object.entries(defs)) {
    if (!isObj(def) || typeof def.parameterType !== "string" || !PARAMETER_TYPES.has(def.parameterType)) {
      problems.push(
        `root.inputDefinitions.parameters.${name}.parameterType: must be one of ${[...PARAMETER_TYPES].join(", ")}`,
      );
      continue;
    }
    out[name] = {
      type: def.parameterType,
      ...("defaultValue" in def ? { defaultValue: def.defaultValue } : {}),
      optional: def.isOptional === true,
    };
  }
  return out;
}

function readTask(
  name: string,
  raw: unknown,
  components: Obj,
  executors: Obj,
  parameters: Record<string, SpecParameter>,
  problems: string[],
): SpecTask | undefined {
  const at = `root.dag.tasks.${name}`;
  if (!isObj(raw)) return void problems.push(`${at}: must be an object`);
  const ref = isObj(raw.componentRef) ? raw.componentRef.name : undefined;
  const component = typeof ref === "string" ? components[ref] : undefined;
  if (!isObj(component)) return void problems.push(`${at}.componentRef.name: no component '${String(ref)}'`);
  const label = component.executorLabel;
  const executor = typeof label === "string" ? executors[label] : undefined;
  const container = isObj(executor) && isObj(executor.container) ? executor.container : undefined;
  if (container === undefined) {
    return void problems.push(`components.${String(ref)}.executorLabel: no container executor '${String(label)}'`);
  }
  const where = `deploymentSpec.executors.${String(label)}.container`;
  if (typeof container.image !== "string" || container.image === "") problems.push(`${where}.image: required`);
  const command = container.command ?? [];
  const args = container.args ?? [];
  if (!strings(command) || command.length === 0) problems.push(`${where}.command: a non-empty list of strings`);
  if (!strings(args)) problems.push(`${where}.args: a list of strings`);
  const env: Record<string, string> = {};
  for (const entry of Array.isArray(container.env) ? container.env : []) {
    if (isObj(entry) && typeof entry.name === "string" && typeof entry.value === "string")
      env[entry.name] = entry.value;
    else problems.push(`${where}.env: each entry needs a string name and value`);
  }
  const inputs: Record<string, string> = {};
  const wired = isObj(raw.inputs) && isObj(raw.inputs.parameters) ? raw.inputs.parameters : {};
  for (const [input, source] of Object.entries(wired)) {
    const from = isObj(source) ? source.componentInputParameter : undefined;
    if (typeof from !== "string" || !(from in parameters)) {
      problems.push(`${at}.inputs.parameters.${input}: componentInputParameter '${String(from)}' is not a root input`);
    } else inputs[input] = from;
  }
  for (const text of [...(strings(command) ? command : []), ...(strings(args) ? args : [])]) {
    for (const bad of unknownPlaceholders(text, new Set(Object.keys(inputs)))) {
      problems.push(`${where}: placeholder ${bad} does not resolve (not an input of component ${String(ref)})`);
    }
  }
  const deps = raw.dependentTasks ?? [];
  if (!strings(deps)) problems.push(`${at}.dependentTasks: a list of task names`);
  const retry = isObj(raw.retryPolicy) ? Number(raw.retryPolicy.maxRetryCount ?? 0) : 0;
  return {
    name,
    dependsOn: strings(deps) ? deps : [],
    image: String(container.image),
    command: strings(command) ? command : [],
    args: strings(args) ? args : [],
    env,
    inputs,
    maxRetries: Number.isInteger(retry) && retry > 0 ? retry : 0,
  };
}

/** Tasks ordered dependencies first; undefined (with the problem) on a dangling edge or a cycle. */
function topological(tasks: readonly SpecTask[], problems: string[]): SpecTask[] | undefined {
  const byName = new Map(tasks.map((t) => [t.name, t]));
  for (const t of tasks) {
    for (const d of t.dependsOn)
      if (!byName.has(d)) problems.push(`root.dag.tasks.${t.name}.dependentTasks: no task '${d}'`);
  }
  if (problems.length > 0) return undefined;
  const out: SpecTask[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (t: SpecTask, path: string[]): boolean => {
    if (state.get(t.name) === "done") return true;
    if (state.get(t.name) === "visiting") {
      problems.push(`root.dag.tasks: dependency cycle ${[...path, t.name].join(" -> ")}`);
      return false;
    }
    state.set(t.name, "visiting");
    for (const d of t.dependsOn) if (!visit(byName.get(d) as SpecTask, [...path, t.name])) return false;
    state.set(t.name, "done");
    out.push(t);
    return true;
  };
  for (const t of [...tasks].sort((a, b) => (a.name < b.name ? -1 : 1))) if (!visit(t, [])) return undefined;
  return out;
}
