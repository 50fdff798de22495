import { describe, expect, it } from "vitest";
import {
  type CompiledPipeline,
  compilePipelineSpec,
  type PipelineParameter,
  toJson,
  toYaml,
  vertexAccelerators,
} from "../src/index.ts";
import { diamond, gpu, manyParams } from "./helpers/fixtures.ts";
import { IMAGE, planOf } from "./helpers/project.ts";

/**
 * What the KFP launcher does to a container's args before it starts it: each
 * `{{$.inputs.parameters['x']}}` replaced with the value, strings as they are, numbers in
 * plain decimal, booleans as true/false, lists and structs as JSON
 * (kubeflow/pipelines backend/src/v2/component/launcher_v2.go, getPlaceholders).
 */
function renderLikeKfpLauncher(args: readonly string[], values: Record<string, unknown>): string[] {
  return args.map((arg) =>
    arg.replace(/\{\{\$\.inputs\.parameters\['([^']+)'\]\}\}/g, (_, name: string) => {
      const value = values[name];
      return typeof value === "string" ? value : JSON.stringify(value);
    }),
  );
}

/** What `ferry run-node` must do with those args: the contract this package documents. */
function decodeParamArgs(argv: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, pair] = [argv[i], argv[i + 1] as string];
    const eq = pair.indexOf("=");
    const [key, raw] = [pair.slice(0, eq), pair.slice(eq + 1)];
    out[key] = flag === "--param-string" ? raw : JSON.parse(raw);
  }
  return out;
}

const argsOf = (compiled: CompiledPipeline, task: string) =>
  compiled.spec.deploymentSpec.executors[`exec-${task}`]?.container.args ?? [];
const byName = (parameters: readonly PipelineParameter[], pick: (p: PipelineParameter) => unknown) =>
  Object.fromEntries(parameters.map((p) => [p.name, pick(p)]));

describe("compilePipelineSpec", () => {
  it("gives byte-identical JSON and YAML for the same plan, planned twice in two projects", async () => {
    const [a, b] = [await planOf(manyParams), await planOf(manyParams)];
    expect(a.project.root).not.toBe(b.project.root);
    const options = { image: IMAGE, accelerators: vertexAccelerators() };
    const [first, second] = [compilePipelineSpec(a, options), compilePipelineSpec(b, options)];
    expect(toYaml(second)).toBe(toYaml(first));
    expect(toJson(second.spec)).toBe(toJson(first.spec));
    expect(toJson(compilePipelineSpec(a, options).spec, { indent: 0 })).toBe(toJson(first.spec, { indent: 0 }));
  });

  it("hands every parameter to run-node so a relaunch with other values reaches the step", async () => {
    const plan = await planOf(manyParams);
    const compiled = compilePipelineSpec(plan, { image: IMAGE });
    const args = argsOf(compiled, "train");
    // Defaults: run-node gets back exactly the plan's params (all but the null one).
    const defaults = renderLikeKfpLauncher(
      args,
      byName(compiled.parameters, (p) => p.defaultValue),
    );
    const { seed: _seed, ...exposed } = plan.params;
    expect(decodeParamArgs(defaults)).toEqual(exposed);
    // A relaunch from the UI with other values.
    const relaunch = {
      ...byName(compiled.parameters, (p) => p.defaultValue),
      epochs: 3,
      model_name: 'x = "y"\nz',
      model_options: { test_size: 0.5 },
      use_gpu: true,
    };
    expect(decodeParamArgs(renderLikeKfpLauncher(args, relaunch))).toMatchObject({
      epochs: 3,
      model_name: 'x = "y"\nz',
      model_options: { test_size: 0.5 },
      use_gpu: true,
      "Batch-Size": 32,
    });
    expect(args.slice(0, 4)).toEqual([
      "--param-json",
      "Batch-Size={{$.inputs.parameters['batch_size']}}",
      "--param-string",
      "clock={{$.inputs.parameters['clock']}}",
    ]);
  });

  it("runs each step's own command in the image under the platform's job id, with the step's env sorted by name", async () => {
    const plan = await planOf(diamond);
    const compiled = compilePipelineSpec(plan, { image: IMAGE, pipelineParameters: false });
    const container = compiled.spec.deploymentSpec.executors["exec-double"]?.container;
    expect(container).toEqual({
      image: IMAGE,
      command: [
        "ferry",
        "run-node",
        "--plan",
        "gs://bucket/ferry/run-1/plan.json",
        "--step",
        "double",
        "--run-id",
        "{{$.pipeline_job_uuid}}",
      ],
      env: [
        { name: "FERRY_RUN_ID", value: "run-1" },
        { name: "FERRY_STEP", value: "double" },
        { name: "LOG_LEVEL", value: "info" },
      ],
    });
    expect(compiled.spec.root.inputDefinitions).toBeUndefined();
    expect(compiled.parameters).toEqual([]);
  });

  it("sets caching, names and the pipeline root from the options", async () => {
    const plan = await planOf(diamond);
    const plain = compilePipelineSpec(plan, { image: IMAGE });
    expect(Object.values(plain.spec.root.dag.tasks).map((t) => t.cachingOptions)).toEqual([{}, {}, {}]);
    const compiled = compilePipelineSpec(plan, {
      image: IMAGE,
      caching: true,
      name: "nightly-diamond",
      displayName: "Nightly diamond",
      description: "Fan-out and fan-in",
      defaultPipelineRoot: "gs://bucket/pipeline-root",
    });
    expect(Object.values(compiled.spec.root.dag.tasks).map((t) => t.cachingOptions)).toEqual([
      { enableCache: true },
      { enableCache: true },
      { enableCache: true },
    ]);
    expect(compiled.spec.pipelineInfo).toEqual({
      name: "nightly-diamond",
      displayName: "Nightly diamond",
      description: "Fan-out and fan-in",
    });
    expect(compiled.spec.defaultPipelineRoot).toBe("gs://bucket/pipeline-root");
  });

  it("types 1.0-valued params as doubles when told, since YAML gives JS the integer 1", async () => {
    const files = { ...diamond, "conf/base/parameters.yml": "factor: 1.0\nfail: false\n" };
    const plan = await planOf(files);
    expect(compilePipelineSpec(plan, { image: IMAGE }).parameters[0]?.type).toBe("NUMBER_INTEGER");
    const told = compilePipelineSpec(plan, { image: IMAGE, paramTypes: { factor: "NUMBER_DOUBLE" } });
    expect(told.parameters[0]).toMatchObject({ key: "factor", type: "NUMBER_DOUBLE", defaultValue: 1 });
  });

  it("leaves retries out of tasks that ask for none, and defaults backoff as the kfp SDK does", async () => {
    const compiled = compilePipelineSpec(await planOf(gpu), { image: IMAGE, accelerators: vertexAccelerators() });
    const { tasks } = compiled.spec.root.dag;
    expect(tasks.prepare?.retryPolicy).toBeUndefined();
    expect(tasks.train?.retryPolicy).toEqual({
      maxRetryCount: 2,
      backoffDuration: "0s",
      backoffFactor: 2,
      backoffMaxDuration: "3600s",
    });
  });
});
