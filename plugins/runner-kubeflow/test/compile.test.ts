// compile, preflight and explain: offline, on real plans of the reference project.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { writeReferenceProject } from "@ferry/conformance";
import { type ExecutionPlan, FerryError, openSession, plan } from "@ferry/core";
import { validatePluginOptions, wrapPlugin } from "@ferry/core/plugin";
import { UNBOUND_IMAGE } from "@ferry/kfp";
import { validate, validatorMissing } from "@ferry/repo-scripts/kfp-validator";
import { afterAll, describe, expect, it } from "vitest";
import { kubeflow, PIPELINE_FILE, RUN_FILE } from "../src/index.ts";

const work = join(import.meta.dirname, ".projects", `compile-${process.pid}`);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const options = {
  url: "https://kubeflow.example.com/pipeline",
  namespace: "team-a",
  imageRegistry: "europe-docker.pkg.dev/acme/ferry",
  storageRoot: "s3://acme-ml/ferry",
  env: { LOG_LEVEL: "info" },
  accelerators: {
    nodeSelectorLabel: "cloud.google.com/gke-accelerator",
    values: { t4: "nvidia-tesla-t4" },
    tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
  },
};

async function runtimeFor(root: string, raw: Record<string, unknown> = options) {
  const valid = await validatePluginOptions(kubeflow(), raw, "test");
  return wrapPlugin(kubeflow(), valid, { runId: "run-1", projectRoot: root, logger: silent });
}

async function planOf(root: string, pipeline: string): Promise<ExecutionPlan> {
  const session = await openSession({ cwd: root });
  return plan(session, session.pipeline(pipeline), {
    runId: "run-1",
    pipelineName: pipeline,
    storageRoot: options.storageRoot,
    env: options.env,
  });
}

const missing = validatorMissing();
if (missing && process.env.CI) throw new Error(`${missing} (CI needs the kfp validators)`);

describe("kubeflow compile", () => {
  it("writes the pipeline file and the run's metadata", async () => {
    const root = writeReferenceProject(work);
    const compiled = await (await runtimeFor(root)).compile(await planOf(root, "diamond"));
    expect(Object.keys(compiled.files)).toEqual([PIPELINE_FILE, RUN_FILE]);
    expect(compiled.summary).toBe("4 tasks, 4 edges, pipeline 'conformance-diamond'");
    expect(JSON.parse(compiled.files[RUN_FILE] ?? "")).toMatchInlineSnapshot(`
      {
        "description": "Ferry run run-1 of pipeline 'diamond' (project 'conformance')",
        "displayName": "conformance-diamond run-1",
        "experiment": "conformance",
        "pipelineName": "conformance-diamond",
        "taskToStep": {
          "fan-in": "fan_in",
          "fan-out": "fan_out",
          "negate": "negate",
          "square": "square",
        },
        "warnings": [],
      }
    `);
    // Compile runs before package: the image is bound at submit.
    expect(compiled.files[PIPELINE_FILE]).toContain(`image: "${UNBOUND_IMAGE}"`);
  });

  it.skipIf(missing !== undefined)(
    `is accepted by the real kfp packages, GPU node selector and tolerations included${missing ? ` — skipped: ${missing}` : ""}`,
    async () => {
      const root = writeReferenceProject(work);
      const thePlan = await planOf(root, "resources");
      const compiled = await (await runtimeFor(root)).compile(thePlan);
      const summary = validate(compiled.files[PIPELINE_FILE] ?? "");
      expect(summary.pipelineName).toBe("conformance-resources");
      expect(summary.tasks["on-gpu"]?.resources).toMatchObject({
        resourceCpuLimit: "2",
        resourceMemoryLimit: "4Gi",
        accelerator: { resourceType: "nvidia.com/gpu", resourceCount: "1" },
      });
      expect(summary.platform?.kubernetes["exec-on-gpu"]).toMatchObject({
        tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
      });
    },
  );

  it("explains each step's pod: limits, GPU resource, node selector, tolerations", async () => {
    const root = writeReferenceProject(work);
    const runtime = await runtimeFor(root);
    expect(await runtime.explain(await planOf(root, "resources"))).toMatchInlineSnapshot(`
      [
        {
          "placement": "pod of task on-gpu: cpu 2, memory 4Gi, nvidia.com/gpu: 1, tolerates nvidia.com/gpu:NoSchedule",
          "step": "on_gpu",
        },
      ]
    `);
    expect(await runtime.explain(await planOf(root, "grouped"))).toMatchInlineSnapshot(`
      [
        {
          "placement": "pod of task g-first: the namespace's default requests and limits",
          "step": "g_first",
          "warnings": [
            "No cpu or memory asked: the pod gets the namespace's LimitRange defaults (set resources in conf/<env>/resources.yml).",
          ],
        },
        {
          "placement": "pod of task g-second: the namespace's default requests and limits",
          "step": "g_second",
          "warnings": [
            "No cpu or memory asked: the pod gets the namespace's LimitRange defaults (set resources in conf/<env>/resources.yml).",
          ],
        },
      ]
    `);
  });

  it("refuses in preflight a step name KFP cannot take, naming the fix", async () => {
    const root = writeReferenceProject(work, {
      "ferry.config.ts": `import { defineCatalog, defineConfig, json, node, pipeline } from "@ferry/core";
import { createS3Driver } from "@ferry/storage-s3";
const ds = defineCatalog({ a: json(), b: json() });
export const config = defineConfig({ name: "names", catalog: ds, storage: [createS3Driver()], pipelines: { main: pipeline([
  node({ name: "___", inputs: [ds.a], outputs: ds.b, func: (x) => x }),
]) } });
`,
      "conf/base/catalog.yml": "a: { path: s3://acme-ml/in/a.json }\nb: { path: s3://acme-ml/out/b.json }\n",
    });
    const error = await (await runtimeFor(root)).preflight(await planOf(root, "main")).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(FerryError.is(error, "PREFLIGHT_FAILED")).toBe(true);
    expect((error as Error).message).toMatchInlineSnapshot(`
      "The run cannot go to target 'kubeflow' as planned (1 problem):
      1. Step '___' has no letter or digit, so it has no name KFP can accept (task names are lowercase letters, digits and '-').
         Fix: Rename the node (or the group:<name> tag or namespace that names this step) so it has letters or digits, e.g. 'clean_1'."
    `);
  });

  it("refuses in preflight datasets the steps cannot reach", async () => {
    const root = writeReferenceProject(work);
    const error = await (await runtimeFor(root)).preflight(await planOf(root, "grouped")).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error).message.replaceAll(root, "<project>")).toMatchInlineSnapshot(`
      "The run cannot go to target 'kubeflow' as planned (2 problems):
      1. Dataset 'grouped_out' is at file://<project>/data/out/grouped.json, which steps on 'kubeflow' cannot reach (it reads s3://, gs://, minio://).
         Fix: Point 'grouped_out' at a s3:// URI in conf/<env>/catalog.yml for this env.
      2. Dataset 'numbers' is at file://<project>/data/numbers.json, which steps on 'kubeflow' cannot reach (it reads s3://, gs://, minio://).
         Fix: Point 'numbers' at a s3:// URI in conf/<env>/catalog.yml for this env."
    `);
  });
});
