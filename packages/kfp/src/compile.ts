import { type ExecutionPlan, FerryError, type PlanStep, type Problem } from "@ferry/core";
import { type AcceleratorPlacement, placeAccelerator } from "./accelerators.ts";
import type {
  ComponentSpec,
  ContainerSpec,
  KubernetesExecutorConfig,
  ParameterSpec,
  PipelineSpec,
  PipelineTaskSpec,
  PlatformSpec,
  RetryPolicy,
} from "./ir.ts";
import { KFP_LIMITS } from "./limits.ts";
import { componentName, executorLabel, mapStepNames, type NameMapping } from "./names.ts";
import { type CompileOptions, checkOptions } from "./options.ts";
import { type PipelineParameter, parameterArgs, pipelineParameters } from "./params.ts";
import { defaultPipelineName } from "./pipeline-name.ts";
import { resourceSpec } from "./resources.ts";
import { SDK_VERSION } from "./version.ts";

/** A compiled plan: plain JSON, the same bytes for the same plan and options. */
export interface CompiledPipeline {
  readonly spec: PipelineSpec;
  /** The Kubernetes PlatformSpec, with `platform: "kubernetes"` and something to say. */
  readonly platformSpec?: PlatformSpec;
  /** Ferry step id ↔ KFP task name. */
  readonly names: NameMapping;
  /** The plan's params as pipeline parameters (empty with `pipelineParameters: false`). */
  readonly parameters: readonly PipelineParameter[];
  /** What the target will not do as the plan asks (e.g. timeouts without a platform spec). */
  readonly warnings: readonly string[];
}

interface Prepared {
  readonly name: string;
  readonly names: NameMapping;
  readonly parameters: readonly PipelineParameter[];
  readonly accelerators: ReadonlyMap<string, AcceleratorPlacement>;
  readonly warnings: string[];
}

function prepare(plan: ExecutionPlan, options: CompileOptions): { prepared: Prepared; problems: Problem[] } {
  checkOptions(options);
  const problems: Problem[] = [];
  const name = options.name ?? defaultPipelineName(plan);
  if (name === "") {
    problems.push({
      message: `Project '${plan.project.name}' (pipeline '${plan.pipeline}') gives no KFP pipeline name.`,
      fix: "Pass a name option of lowercase letters, digits and '-' (e.g. 'my-project').",
    });
  }
  const params = pipelineParameters(options.pipelineParameters === false ? {} : plan.params, options.paramTypes ?? {});
  problems.push(...params.problems);
  const { mapping, problems: nameProblems } = mapStepNames(
    plan.steps.map((s) => s.id),
    [name],
  );
  problems.push(...nameProblems);
  const accelerators = new Map<string, AcceleratorPlacement>();
  const timed: string[] = [];
  const ids = new Set(plan.steps.map((s) => s.id));
  for (const step of plan.steps) {
    problems.push(...stepProblems(step, ids));
    const gpu = step.resources.gpu;
    if (gpu !== undefined && gpu.count > 0) {
      const placed = placeAccelerator(options.accelerators, gpu, step.id);
      if ("fix" in placed) problems.push(placed);
      else accelerators.set(step.id, placed);
    }
    if (step.resources.timeoutSeconds !== undefined) timed.push(step.id);
  }
  const warnings = [...params.warnings];
  if (timed.length > 0 && options.platform !== "kubernetes") {
    warnings.push(
      `${timed.length} step(s) have timeoutSeconds (${timed.slice(0, 3).join(", ")}${timed.length > 3 ? ", …" : ""}), which a PipelineSpec cannot express; only the Kubernetes platform spec can (platform: "kubernetes").`,
    );
  }
  return { prepared: { name, names: mapping, parameters: params.parameters, accelerators, warnings }, problems };
}

/**
 * The step's command with its run id replaced by the platform's job uuid: a run relaunched
 * from the platform's UI or started by a schedule gets its own intermediates (run-node moves
 * them under the id it is given) instead of sharing the compiled run's.
 */
function launchCommand(command: readonly string[]): string[] {
  const at = command.indexOf("--run-id");
  return command.map((arg, i) => (at >= 0 && i === at + 1 ? JOB_UUID : arg));
}

const JOB_UUID = "{{$.pipeline_job_uuid}}";

function stepProblems(step: PlanStep, ids: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  const { cpu, memoryGiB, gpu, retries } = step.resources;
  const bad = (what: string, fix: string) => problems.push({ message: `Step '${step.id}' ${what}.`, fix });
  if (cpu !== undefined && !(Number.isFinite(cpu) && cpu > 0)) bad(`asks for ${cpu} CPUs`, "Use a positive cpu.");
  if (memoryGiB !== undefined && !(Number.isFinite(memoryGiB) && memoryGiB > 0)) {
    bad(`asks for ${memoryGiB} GiB of memory`, "Use a positive memoryGiB.");
  }
  if (gpu !== undefined && !(Number.isInteger(gpu.count) && gpu.count >= 0)) {
    bad(`asks for ${gpu.count} GPUs`, "Use a whole number of GPUs.");
  }
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0)) {
    bad(`asks for ${retries} retries`, "Use a whole number of retries.");
  }
  for (const dep of step.dependsOn) {
    if (!ids.has(dep)) {
      bad(`depends on '${dep}', which is not a step of the plan`, "Plan the run again (ferry compile).");
    }
  }
  return problems;
}

/**
 * What keeps `plan` from compiling to a PipelineSpec with `options`: names KFP cannot
 * accept, GPU types the target does not know, parameters that cannot be pipeline
 * parameters. A plugin's `preflight` returns these; {@link compilePipelineSpec} throws them.
 * @throws FerryError PLUGIN_OPTIONS_INVALID when the options themselves are invalid.
 */
export function kfpProblems(plan: ExecutionPlan, options: CompileOptions): Problem[] {
  return prepare(plan, options).problems;
}

/**
 * Compile an ExecutionPlan to a KFP v2 PipelineSpec (schemaVersion 2.1.0): one component and
 * one container executor per step, tasks whose `dependentTasks` are the plan's edges, and the
 * plan's params as pipeline parameters. Pure and deterministic; serialize with
 * `toJson`/`toYaml`.
 * @throws FerryError PLUGIN_OPTIONS_INVALID for invalid options, PREFLIGHT_FAILED listing every
 *   problem of the plan on KFP (see {@link kfpProblems}) and a spec over `maxSpecBytes`.
 */
export function compilePipelineSpec(plan: ExecutionPlan, options: CompileOptions): CompiledPipeline {
  const { prepared, problems } = prepare(plan, options);
  if (problems.length > 0) throw preflightError(problems);
  const { name, names, parameters, accelerators, warnings } = prepared;
  const { stepToTask } = names;
  const rootInputs: Record<string, ParameterSpec> = {};
  const componentInputs: Record<string, ParameterSpec> = {};
  const taskInputs: Record<string, { componentInputParameter: string }> = {};
  for (const p of parameters) {
    rootInputs[p.name] = {
      parameterType: p.type,
      defaultValue: p.defaultValue,
      isOptional: true,
      description: `Ferry parameter '${p.key}'`,
    };
    componentInputs[p.name] = { parameterType: p.type };
    taskInputs[p.name] = { componentInputParameter: p.name };
  }
  const args = parameterArgs(parameters);
  const retry = retryDefaults(options);
  const components: Record<string, ComponentSpec> = {};
  const executors: Record<string, { container: ContainerSpec }> = {};
  const tasks: Record<string, PipelineTaskSpec> = {};
  const kubernetes: Record<string, KubernetesExecutorConfig> = {};
  for (const step of plan.steps) {
    const task = stepToTask[step.id] as string;
    const component = componentName(task);
    const executor = executorLabel(task);
    const accelerator = accelerators.get(step.id);
    components[component] = {
      executorLabel: executor,
      ...(parameters.length > 0 ? { inputDefinitions: { parameters: componentInputs } } : {}),
    };
    const resources = resourceSpec(step.resources, accelerator);
    const env = Object.keys(step.env)
      .sort()
      .map((key) => ({ name: key, value: step.env[key] as string }));
    executors[executor] = {
      container: {
        image: options.image,
        command: launchCommand(step.command),
        ...(args.length > 0 ? { args } : {}),
        ...(env.length > 0 ? { env } : {}),
        ...(resources ? { resources } : {}),
      },
    };
    const retries = step.resources.retries ?? 0;
    tasks[task] = {
      taskInfo: { name: task },
      componentRef: { name: component },
      ...(step.dependsOn.length > 0
        ? { dependentTasks: step.dependsOn.map((d) => stepToTask[d] as string).sort() }
        : {}),
      ...(parameters.length > 0 ? { inputs: { parameters: taskInputs } } : {}),
      cachingOptions: options.caching ? { enableCache: true } : {},
      ...(retries > 0 ? { retryPolicy: { ...retry, maxRetryCount: retries } } : {}),
    };
    const config = options.platform === "kubernetes" ? kubernetesConfig(step, accelerator) : undefined;
    if (config !== undefined) kubernetes[executor] = config;
  }
  const spec: PipelineSpec = {
    pipelineInfo: {
      name,
      displayName: options.displayName ?? `${plan.project.name} ${plan.pipeline}`,
      ...(options.description === undefined ? {} : { description: options.description }),
    },
    sdkVersion: SDK_VERSION,
    schemaVersion: KFP_LIMITS.schemaVersion,
    components,
    deploymentSpec: { executors },
    root: {
      dag: { tasks },
      ...(parameters.length > 0 ? { inputDefinitions: { parameters: rootInputs } } : {}),
    },
    ...(options.defaultPipelineRoot === undefined ? {} : { defaultPipelineRoot: options.defaultPipelineRoot }),
  };
  checkSize(spec, options.maxSpecBytes ?? KFP_LIMITS.specBytes, plan.steps.length);
  const platformSpec: PlatformSpec | undefined =
    Object.keys(kubernetes).length > 0
      ? { platforms: { kubernetes: { deploymentSpec: { executors: kubernetes } } } }
      : undefined;
  return { spec, ...(platformSpec ? { platformSpec } : {}), names, parameters, warnings };
}

function retryDefaults(options: CompileOptions): Omit<RetryPolicy, "maxRetryCount"> {
  return {
    backoffDuration: `${options.retry?.backoffSeconds ?? 0}s`,
    backoffFactor: options.retry?.backoffFactor ?? 2,
    backoffMaxDuration: `${options.retry?.backoffMaxSeconds ?? 3600}s`,
  };
}

function kubernetesConfig(
  step: PlanStep,
  accelerator: AcceleratorPlacement | undefined,
): KubernetesExecutorConfig | undefined {
  const { timeoutSeconds } = step.resources;
  const config: KubernetesExecutorConfig = {
    ...(accelerator?.nodeSelector ? { nodeSelector: { labels: { ...accelerator.nodeSelector } } } : {}),
    ...(accelerator?.tolerations ? { tolerations: accelerator.tolerations.map((t) => ({ ...t })) } : {}),
    ...(timeoutSeconds === undefined ? {} : { activeDeadlineSeconds: String(Math.ceil(timeoutSeconds)) }),
  };
  return Object.keys(config).length > 0 ? config : undefined;
}

function checkSize(spec: PipelineSpec, max: number, steps: number): void {
  const bytes = Buffer.byteLength(JSON.stringify(spec));
  if (bytes <= max) return;
  throw preflightError([
    {
      message: `The compiled PipelineSpec is ${bytes} bytes (${steps} steps, ${Math.round(bytes / steps)} per step), over the ${max}-byte limit.`,
      fix: "Group nodes into fewer steps (--grouping auto, tags or namespace), or trim parameters and env vars every step carries.",
    },
  ]);
}

function preflightError(problems: readonly Problem[]): FerryError {
  const list = problems.map((p, i) => `${i + 1}. ${p.message}\n   Fix: ${p.fix}`).join("\n");
  return new FerryError("PREFLIGHT_FAILED", {
    message: `The plan cannot be compiled for Kubeflow Pipelines (${problems.length} problem${problems.length > 1 ? "s" : ""}):\n${list}`,
    details: { problems },
  });
}
