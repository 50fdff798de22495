import type { ExecutionPlan } from "@ferry/core";
import { runValidator, type Summary, validate, validatorMissing } from "@ferry/repo-scripts/kfp-validator";
import { describe, expect, it } from "vitest";
import {
  type CompiledPipeline,
  type CompileOptions,
  compilePipelineSpec,
  kubernetesAccelerators,
  toJson,
  toYaml,
  vertexAccelerators,
} from "../src/index.ts";
import { awkwardNames, diamond, gpu, grouped, manyParams, wide } from "./helpers/fixtures.ts";
import { IMAGE, planOf } from "./helpers/project.ts";

const missing = validatorMissing();
if (missing && process.env.CI) throw new Error(`${missing} (CI needs the kfp validators)`);

/** The DAG the validators read back is the plan's: same steps, same edges, same commands. */
function expectPlanDag(summary: Summary, plan: ExecutionPlan, compiled: CompiledPipeline): void {
  const { stepToTask, taskToStep } = compiled.names;
  expect(Object.keys(summary.tasks).sort()).toEqual(plan.steps.map((s) => stepToTask[s.id]).sort());
  const edges = (deps: (id: string) => readonly string[]) =>
    plan.steps.flatMap((s) => deps(s.id).map((d) => `${d} -> ${s.id}`)).sort();
  expect(
    edges((id) => (summary.tasks[stepToTask[id] as string]?.dependsOn ?? []).map((t) => taskToStep[t] as string)),
  ).toEqual(edges((id) => plan.steps.find((s) => s.id === id)?.dependsOn ?? []));
  for (const step of plan.steps) {
    const task = summary.tasks[stepToTask[step.id] as string];
    expect(task?.image).toBe(IMAGE);
    // The run id is the platform's job uuid, so relaunches keep their own intermediates.
    expect(task?.command).toEqual(
      step.command.map((a, i) => (step.command[i - 1] === "--run-id" ? "{{$.pipeline_job_uuid}}" : a)),
    );
    expect(task?.env).toEqual(step.env);
  }
}

const vertex: CompileOptions = { image: IMAGE, accelerators: vertexAccelerators() };

describe.skipIf(missing !== undefined)(`the real kfp validators${missing ? ` — skipped: ${missing}` : ""}`, () => {
  it("accept a diamond, as YAML and as JSON, with its fan-out and fan-in", async () => {
    const plan = await planOf(diamond);
    const compiled = compilePipelineSpec(plan, vertex);
    const summary = validate(toYaml(compiled));
    expectPlanDag(summary, plan, compiled);
    expect(summary.tasks.sum?.dependsOn).toEqual(["double", "halve"]);
    expect(summary).toMatchObject({
      pipelineName: "diamond-main",
      schemaVersion: "2.1.0",
      sdkVersion: "ferry-kfp-0.1.0",
    });
    expect(summary.sdkInputs).toEqual({ factor: "Integer", fail: "Boolean" });
    expect(validate(toJson(compiled.spec), "json")).toEqual(summary);
  });

  it("accept every parameter type, with defaults read back as the plan's values", async () => {
    const plan = await planOf(manyParams);
    const compiled = compilePipelineSpec(plan, { ...vertex, paramTypes: { tiny: "NUMBER_DOUBLE" } });
    const summary = validate(toYaml(compiled));
    expectPlanDag(summary, plan, compiled);
    const types = Object.fromEntries(Object.entries(summary.parameters).map(([name, p]) => [name, p.type]));
    expect(types).toEqual({
      batch_size: "NUMBER_INTEGER",
      clock: "STRING",
      epochs: "NUMBER_INTEGER",
      layers: "LIST",
      learning_rate: "NUMBER_DOUBLE",
      mode: "STRING",
      model_name: "STRING",
      model_options: "STRUCT",
      quote: "STRING",
      tiny: "NUMBER_DOUBLE",
      use_gpu: "BOOLEAN",
    });
    for (const p of compiled.parameters) expect(summary.parameters[p.name]?.default).toEqual(plan.params[p.key]);
    expect(validate(toJson(compiled.spec), "json").parameters).toEqual(summary.parameters);
    expect(summary.sdkInputs).toMatchObject({
      model_options: "Dict",
      layers: "List",
      use_gpu: "Boolean",
      tiny: "Float",
    });
    expect(compiled.warnings).toEqual([
      "Parameter 'seed' is null, so it is not a pipeline parameter (steps use the plan's value).",
    ]);
    // Every task reads every pipeline parameter from the root.
    expect(summary.tasks.train?.inputs).toEqual(Object.keys(types).sort());
  });

  it("accept a grouped plan: one task per step, edges between steps", async () => {
    const plan = await planOf(grouped, { grouping: "tags" });
    const compiled = compilePipelineSpec(plan, vertex);
    const summary = validate(toYaml(compiled));
    expectPlanDag(summary, plan, compiled);
    expect(Object.keys(summary.tasks).sort()).toEqual(["etl", "report", "train"]);
  });

  it("accept a GPU step for Vertex AI: accelerator enum, limits, retry policy", async () => {
    const plan = await planOf(gpu);
    const compiled = compilePipelineSpec(plan, { ...vertex, retry: { backoffSeconds: 30 } });
    const summary = validate(toYaml(compiled));
    expectPlanDag(summary, plan, compiled);
    expect(summary.tasks.train?.resources).toEqual({
      accelerator: { count: "2", resourceCount: "2", resourceType: "NVIDIA_TESLA_T4", type: "NVIDIA_TESLA_T4" },
      cpuLimit: 8,
      memoryLimit: 32.21225472,
      resourceCpuLimit: "8",
      resourceMemoryLimit: "30Gi",
    });
    expect(summary.tasks.prepare?.resources).toEqual({
      cpuLimit: 0.5,
      memoryLimit: 1.610612736,
      resourceCpuLimit: "500m",
      resourceMemoryLimit: "1536Mi",
    });
    expect(summary.tasks.train?.retryPolicy).toEqual({
      maxRetryCount: 2,
      backoffDuration: "30s",
      backoffFactor: 2,
      backoffMaxDuration: "3600s",
    });
    expect(summary.platform).toBeNull();
    expect(compiled.warnings[0]).toMatch(/^2 step\(s\) have timeoutSeconds \(train, evaluate\)/);
  });

  it("accept a GPU step for Kubeflow: nvidia.com/gpu, node selector, tolerations and timeouts in the platform spec", async () => {
    const plan = await planOf(gpu);
    const compiled = compilePipelineSpec(plan, {
      image: IMAGE,
      platform: "kubernetes",
      accelerators: kubernetesAccelerators({
        nodeSelectorLabel: "cloud.google.com/gke-accelerator",
        values: { t4: "nvidia-tesla-t4" },
        tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
      }),
    });
    const summary = validate(toYaml(compiled));
    expectPlanDag(summary, plan, compiled);
    expect(summary.tasks.train?.resources.accelerator).toMatchObject({ resourceType: "nvidia.com/gpu" });
    expect(summary.platform?.kubernetes).toEqual({
      "exec-evaluate": { activeDeadlineSeconds: "600" },
      "exec-train": {
        activeDeadlineSeconds: "3600",
        nodeSelector: { labels: { "cloud.google.com/gke-accelerator": "nvidia-tesla-t4" } },
        tolerations: [{ effect: "NoSchedule", key: "nvidia.com/gpu", operator: "Exists" }],
      },
    });
    expect(compiled.warnings).toEqual([]);
  });

  it("accept names that needed sanitizing, mapped both ways", async () => {
    const plan = await planOf(awkwardNames);
    // A task named like the pipeline would make kfp load the file as that one component.
    const compiled = compilePipelineSpec(plan, { ...vertex, name: "names" });
    const summary = validate(toYaml(compiled));
    expectPlanDag(summary, plan, compiled);
    expect(compiled.names.stepToTask).toMatchInlineSnapshot(`
      {
        "Prep.Clean_Data": "prep-clean-data",
        "Very_Long_Name_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": "very-long-name-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-4324ef38",
        "_1st": "step-1st",
        "names": "names-2",
        "prep-clean-data-2": "prep-clean-data-2",
        "prep.clean-data": "prep-clean-data-3",
      }
    `);
    for (const task of Object.keys(summary.tasks)) expect(task.length).toBeLessThanOrEqual(121);
  });

  it("accept a 200-node wide plan", async () => {
    const plan = await planOf(wide(198));
    const compiled = compilePipelineSpec(plan, vertex);
    const summary = validate(toYaml(compiled));
    expectPlanDag(summary, plan, compiled);
    expect(Object.keys(summary.tasks)).toHaveLength(200);
    expect(summary.tasks.sink?.dependsOn).toHaveLength(198);
  });

  it("reject a field the IR does not have, in a task and inside an executor's container", async () => {
    const compiled = compilePipelineSpec(await planOf(diamond), vertex);
    const spec = JSON.parse(toJson(compiled.spec));
    spec.root.dag.tasks.sum.timeout = "3600s";
    const task = runValidator(JSON.stringify(spec), "json");
    expect(task.ok).toBe(false);
    if (!task.ok) {
      expect(task.status).toBe(1);
      expect(task.stderr).toMatch(/^validate_kfp: proto: PipelineSpec: .*has no field named "timeout"/);
    }
    // deploymentSpec is a Struct in the proto: the executor is checked as PipelineDeploymentConfig.
    const inner = JSON.parse(toJson(compiled.spec));
    inner.deploymentSpec.executors["exec-sum"].container.timeoutSeconds = 60;
    const container = runValidator(JSON.stringify(inner), "json");
    expect(container.ok).toBe(false);
    if (!container.ok) expect(container.stderr).toMatch(/deploymentSpec: .*has no field named "timeoutSeconds"/);
  });

  it("reject a Kubernetes executor setting kfp-kubernetes does not have", async () => {
    const compiled = compilePipelineSpec(await planOf(gpu), { ...vertex, platform: "kubernetes" });
    const yaml = toYaml(compiled).replace("activeDeadlineSeconds:", "deadlineSeconds:");
    const result = runValidator(yaml, "yaml");
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.stderr).toMatch(/kubernetes executor 'exec-evaluate'.*no field named "deadlineSeconds"/);
  });

  it("reject a pipeline named like one of its tasks, which kfp loads as that task alone", async () => {
    const compiled = compilePipelineSpec(await planOf(diamond), vertex);
    const spec = JSON.parse(toJson(compiled.spec));
    spec.pipelineInfo.name = "sum";
    const result = runValidator(JSON.stringify(spec), "json");
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.stderr).toContain("validate_kfp: sdk: kfp loaded the file as a single container component");
  });

  it("reject a dependency on a task that does not exist", async () => {
    const compiled = compilePipelineSpec(await planOf(diamond), vertex);
    const spec = JSON.parse(toJson(compiled.spec));
    spec.root.dag.tasks.sum.dependentTasks.push("ghost");
    const result = runValidator(JSON.stringify(spec), "json", ["--skip-sdk"]);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.stderr).toContain("validate_kfp: graph: task 'sum' depends on 'ghost', which is not a task");
  });
});
