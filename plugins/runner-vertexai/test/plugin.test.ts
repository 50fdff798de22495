// The vertexai plugin's behaviour a user notices, against the emulator through the real
// @google-cloud/aiplatform client: idempotent submit, retries, refused and absent
// credentials, the platform's 400, preflight of names and machines, explain, schedules.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ExecutionPlan, type FerryError, openSession, plan, stageRun } from "@ferry/core";
import { type CompiledSpec, validatePluginOptions, wrapPlugin } from "@ferry/core/plugin";
import { validate } from "@ferry/repo-scripts/kfp-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VertexEmulator } from "../src/emulator/index.ts";
import { type VertexOptions, vertexai } from "../src/index.ts";
import { BUCKET, emulatedOptions, gcs, referenceProject, setUp, skip } from "./harness.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
let emulator: VertexEmulator;
let base = "";

async function runtimeFor(root: string, runId: string, pipeline = "diamond", extra: Record<string, unknown> = {}) {
  const plugin = vertexai();
  const options = await validatePluginOptions(plugin, emulatedOptions(emulator, base, extra), "test");
  const session = await openSession({ cwd: root });
  const thePlan: ExecutionPlan = plan(session, session.pipeline(pipeline), {
    runId,
    pipelineName: pipeline,
    storageRoot: (options as VertexOptions).storageRoot,
  });
  const runtime = wrapPlugin(plugin, options, { runId, projectRoot: root, logger: silent, retryBaseMs: 10 });
  return { session, thePlan, runtime, options: options as VertexOptions };
}

/** Run folders under `gs://<BUCKET>/<root>/` that hold an intermediate of the diamond. */
async function intermediateFolders(root: string): Promise<Set<string>> {
  const listed = await fetch(`${gcs.endpoints?.endpoint}/storage/v1/b/${BUCKET}/o?prefix=${root}/`);
  const { items = [] } = (await listed.json()) as { items?: { name: string }[] };
  return new Set(items.filter((i) => i.name.endsWith("/left")).map((i) => i.name.split("/")[1] as string));
}

/** A handle of a job the emulator does not have: reading it needs credentials first. */
const SOME_JOB = {
  target: "vertexai",
  runId: "x",
  data: { name: "projects/ferry-test/locations/us-central1/pipelineJobs/x" },
} as const;

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error as FerryError,
  );

describe("vertexai options", () => {
  it("names every invalid key with what is expected", async () => {
    const error = await failure(
      validatePluginOptions(
        vertexai(),
        { project: "P", region: "central", storageRoot: "s3://b", imageRegistry: "x", labels: { Team: "A" }, extra: 1 },
        "conf/base/targets.yml",
      ),
    );
    expect(error.code).toBe("PLUGIN_OPTIONS_INVALID");
    expect(error.message).toMatchInlineSnapshot(`
      "Options for target 'vertexai' (conf/base/targets.yml) are invalid:
      - project: a Google Cloud project id: 6–30 lowercase letters, digits and '-'
      - region: a Vertex AI region such as us-central1
      - storageRoot: a gs://bucket/path URI: Vertex AI steps read and write Cloud Storage
      - imageRegistry: an image repository such as us-central1-docker.pkg.dev/my-project/my-repo
      - labels.Team: Invalid key in record
      - (root): Unrecognized key: "extra""
    `);
  });
});

describe.skipIf(skip !== undefined)(`vertexai against its emulator${skip ? ` — skipped: ${skip}` : ""}`, () => {
  beforeAll(async () => {
    ({ emulator, base } = await setUp());
  });
  afterAll(() => emulator?.close());

  it("submits once per run id: a retried submit finds the job instead of starting another", async () => {
    const { session, thePlan, runtime } = await runtimeFor(await referenceProject(), "idem-1");
    const { compiled, artifact } = await stageRun(runtime, session, thePlan);
    const first = await runtime.submit(compiled, artifact);
    const second = await runtime.submit(compiled, artifact);
    expect(second.data?.name).toBe(first.data?.name);
    expect(String(first.data?.name)).toMatch(
      /^projects\/ferry-test\/locations\/us-central1\/pipelineJobs\/conformance-diamond-idem-1$/,
    );
    expect(emulator.jobs().filter((j) => j.name === first.data?.name)).toHaveLength(1);
    expect(emulator.requests.filter((r) => r.status === 409).length).toBeGreaterThan(0);
  });

  it("retries a throttled call (429) with backoff, then succeeds", async () => {
    const { session, thePlan, runtime } = await runtimeFor(await referenceProject(), "throttled-1");
    const { compiled, artifact } = await stageRun(runtime, session, thePlan);
    const before = emulator.requests.length;
    emulator.faults.throttle(3);
    const handle = await runtime.submit(compiled, artifact);
    const seen = emulator.requests.slice(before).map((r) => r.status);
    expect(seen.slice(0, 4)).toEqual([429, 429, 429, 200]);
    expect(handle.url).toBe(
      "https://console.cloud.google.com/vertex-ai/locations/us-central1/pipelines/runs/conformance-diamond-throttled-1?project=ferry-test",
    );
  });

  it("reports refused credentials (an expired token) with the command that fixes them", async () => {
    const { runtime } = await runtimeFor(await referenceProject(), "expired-1");
    emulator.faults.rejectCredentials();
    try {
      const error = await failure(runtime.poll(SOME_JOB));
      expect(error.code).toBe("TARGET_AUTH_FAILED");
      expect(error.message).toMatchInlineSnapshot(
        `"Vertex AI refused or found no credentials in poll: Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential."`,
      );
      expect(error.hint).toContain("gcloud auth application-default login");
    } finally {
      emulator.faults.reset();
    }
  });

  it("reports absent Application Default Credentials with the command that fixes them", async () => {
    const saved = { ...process.env };
    const home = mkdtempSync(join(tmpdir(), "ferry-home-"));
    Object.assign(process.env, { HOME: home, CLOUDSDK_CONFIG: home, METADATA_SERVER_DETECTION: "none" });
    delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    try {
      const { runtime } = await runtimeFor(await referenceProject(), "noadc-1", "diamond", {
        api: { url: emulator.url, credentials: "adc" },
      });
      const error = await failure(runtime.poll(SOME_JOB));
      expect(error.code).toBe("TARGET_AUTH_FAILED");
      expect(error.hint).toMatchInlineSnapshot(
        `"Run \`gcloud auth application-default login\` (or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file); the identity needs roles/aiplatform.user on the project and roles/iam.serviceAccountUser on the pipeline's service account."`,
      );
    } finally {
      process.env = saved;
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("surfaces the platform's 400 for an invalid spec, with its message", async () => {
    const { session, thePlan, runtime } = await runtimeFor(await referenceProject(), "invalid-1");
    const { compiled, artifact } = await stageRun(runtime, session, thePlan);
    const spec = JSON.parse(compiled.files["pipeline.json"] ?? "");
    spec.root.dag.tasks["fan-in"].dependentTasks.push("ghost");
    const broken: CompiledSpec = { ...compiled, files: { ...compiled.files, "pipeline.json": JSON.stringify(spec) } };
    const error = await failure(runtime.submit(broken, artifact));
    expect(error.code).toBe("TARGET_REQUEST_INVALID");
    expect(error.message).toMatchInlineSnapshot(`
      "Vertex AI refused the submit request: The PipelineJob is invalid:
      - pipelineSpec.root.dag.tasks.fan-in.dependentTasks: no task 'ghost'"
    `);
  });

  it("refuses in preflight a step name KFP cannot take", async () => {
    const root = join(import.meta.dirname, "../.ferry-conformance/tests", `names-${Date.now()}`);
    mkdirSync(join(root, "conf/base"), { recursive: true });
    writeFileSync(
      join(root, "ferry.config.ts"),
      `import { defineCatalog, defineConfig, json, node, pipeline } from "@ferry/core";
import { createGcsDriver } from "@ferry/storage-gcs";
const ds = defineCatalog({ a: json(), b: json() });
export const config = defineConfig({ name: "names", catalog: ds, storage: [createGcsDriver()],
  pipelines: { main: pipeline([node({ name: "__", inputs: [ds.a], outputs: ds.b, func: (x) => x })]) } });
`,
    );
    writeFileSync(
      join(root, "conf/base/catalog.yml"),
      `a: { path: gs://${BUCKET}/names/a.json }\nb: { path: gs://${BUCKET}/names/b.json }\n`,
    );
    const { runtime, thePlan } = await runtimeFor(root, "names-1", "main");
    const error = await failure(runtime.preflight(thePlan));
    expect(error.code).toBe("PREFLIGHT_FAILED");
    expect(error.message).toMatchInlineSnapshot(`
      "The run cannot go to target 'vertexai' as planned (1 problem):
      1. Step '__' has no letter or digit, so it has no name KFP can accept (task names are lowercase letters, digits and '-').
         Fix: Rename the node (or the group:<name> tag or namespace that names this step) so it has letters or digits, e.g. 'clean_1'."
    `);
  });

  it("refuses in preflight a request no machine fits, once per cause", async () => {
    const root = await referenceProject({
      "conf/base/resources.yml": "nodes:\n  fan_out: { cpu: 200 }\n  square: { gpu: { count: 2, type: tpu-v9 } }\n",
    });
    const { runtime, thePlan } = await runtimeFor(root, "pre-1", "diamond", { machineType: "n9-giant-7" });
    const error = await failure(runtime.preflight(thePlan));
    expect(error.code).toBe("PREFLIGHT_FAILED");
    expect(error.message).toMatchInlineSnapshot(`
      "The run cannot go to target 'vertexai' as planned (3 problems):
      1. machineType 'n9-giant-7' is not a Vertex AI training machine type Ferry knows (catalog of 2026-11-22).
         Fix: Use one of the families e2, n1, n2, c2, a2, g2, a3, e.g. e2-standard-4; see ferry explain --target=vertexai.
      2. Step 'fan_out' asks for 200 CPU, more than a vertexai machine without built-in GPUs has: the most is 96 vCPU and 624 GB.
         Fix: Ask for at most 96 CPU (the largest is n1-highmem-96 with 96 vCPU / 624 GB), or split the step.
      3. Step 'square' asks for GPU type 'tpu-v9', which no vertexai machine in this catalog carries.
         Fix: Use one of: t4 (NVIDIA_TESLA_T4), p4 (NVIDIA_TESLA_P4), v100 (NVIDIA_TESLA_V100), p100 (NVIDIA_TESLA_P100), a100 or a100-40gb (NVIDIA_TESLA_A100), a100-80gb (NVIDIA_A100_80GB), l4 (NVIDIA_L4), h100 (NVIDIA_H100_80GB)."
    `);
  });

  it("explains where each step runs: the machine type, its size and the task name", async () => {
    const root = await referenceProject({
      "conf/base/resources.yml":
        "nodes:\n  fan_in: { cpu: 6, memoryGiB: 20 }\n  square: { gpu: { count: 1, type: t4 } }\n",
    });
    const { runtime, thePlan } = await runtimeFor(root, "explain-1");
    expect(await runtime.explain(thePlan)).toMatchInlineSnapshot(`
      [
        {
          "placement": "e2-standard-4 (4 vCPU, 16 GB), task fan-out",
          "step": "fan_out",
        },
        {
          "placement": "n1-highmem-2 (2 vCPU, 13 GB + 1× NVIDIA_TESLA_T4), task square",
          "step": "square",
        },
        {
          "placement": "e2-standard-4 (4 vCPU, 16 GB), task negate",
          "step": "negate",
        },
        {
          "placement": "e2-standard-8 (8 vCPU, 32 GB), task fan-in",
          "step": "fan_in",
          "warnings": [
            "Step 'fan_in' asked 6 CPU / 20 GiB, gets e2-standard-8 with 8 vCPU / 32 GB.",
          ],
        },
      ]
    `);
  });

  it("compiles the accelerator the machine catalog chose, so the spec and explain agree", async () => {
    const root = await referenceProject({
      "conf/base/resources.yml": "nodes:\n  square: { gpu: { count: 3, type: a100-40gb } }\n",
    });
    const { runtime, thePlan } = await runtimeFor(root, "gpu-1");
    await runtime.preflight(thePlan);
    const spec = JSON.parse((await runtime.compile(thePlan)).files["pipeline.json"] ?? "");
    expect(spec.deploymentSpec.executors["exec-square"].container.resources.accelerator).toMatchObject({
      resourceType: "NVIDIA_TESLA_A100",
      resourceCount: "4",
    });
    const square = (await runtime.explain(thePlan))?.find((p) => p.step === "square");
    expect(square?.placement).toContain("4× NVIDIA_TESLA_A100");
  });

  it("warns at compile about what a PipelineSpec cannot carry (a step's timeout)", async () => {
    const root = await referenceProject({ "conf/base/resources.yml": "nodes:\n  fan_in: { timeoutSeconds: 600 }\n" });
    const { thePlan, options } = await runtimeFor(root, "warn-1");
    const warnings: string[] = [];
    const logger = { ...silent, warn: (message: string) => void warnings.push(message) };
    await wrapPlugin(vertexai(), options, { runId: "warn-1", projectRoot: root, logger }).compile(thePlan);
    expect(warnings).toEqual([expect.stringContaining("1 step(s) have timeoutSeconds (fan_in)")]);
  });

  it("compiles a spec the real kfp SDK and kfp-pipeline-spec accept", async () => {
    const { runtime, thePlan } = await runtimeFor(await referenceProject(), "kfp-1");
    const compiled = await runtime.compile(thePlan);
    const summary = validate(compiled.files["pipeline.json"] ?? "", "json");
    expect(Object.keys(summary.tasks).sort()).toEqual(["fan-in", "fan-out", "negate", "square"]);
  });

  it("creates a schedule, replaces it by name, and each run it starts has its own intermediates", async () => {
    // A storage root of its own: the other test files' runs write beside it meanwhile.
    const root = `schedules-${Date.now()}`;
    const { session, thePlan, runtime } = await runtimeFor(await referenceProject(), "sched-1", "diamond", {
      storageRoot: `gs://${BUCKET}/${root}`,
    });
    const { compiled, artifact } = await stageRun(runtime, session, thePlan);
    const created = await runtime.schedule(compiled, artifact, { name: "nightly", cron: "0 3 * * *", timeZone: "UTC" });
    expect(created.summary).toBe("schedule 'nightly' created: 0 3 * * * (UTC)");
    const replaced = await runtime.schedule(compiled, artifact, {
      name: "nightly",
      cron: "30 4 * * 1-5",
      timeZone: "Europe/Paris",
      paused: true,
    });
    expect(replaced.id).toBe(created.id);
    expect(replaced.summary).toBe("schedule 'nightly' replaced: 30 4 * * 1-5 (Europe/Paris), paused");
    const schedules = emulator.schedules().filter((s) => s.displayName === "nightly");
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({ cron: "TZ=Europe/Paris 30 4 * * 1-5", state: "PAUSED" });

    const before = await intermediateFolders(root);
    const first = emulator.fireSchedule(created.id);
    const second = emulator.fireSchedule(created.id);
    const finished = async (name: unknown) => {
      for (;;) {
        const job = emulator.jobs().find((j) => j.name === name) as { state: string } | undefined;
        if (job && ["PIPELINE_STATE_SUCCEEDED", "PIPELINE_STATE_FAILED"].includes(job.state)) return job.state;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    expect(await finished(first.name)).toBe("PIPELINE_STATE_SUCCEEDED");
    expect(await finished(second.name)).toBe("PIPELINE_STATE_SUCCEEDED");
    const added = [...(await intermediateFolders(root))].filter((f) => !before.has(f));
    expect(added, "each launch keeps its intermediates under its own job uuid").toHaveLength(2);
    for (const folder of added) expect(folder).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("cannot deploy: Vertex AI runs specs, it has no pipeline registry Ferry uploads to", async () => {
    const { runtime } = await runtimeFor(await referenceProject(), "deploy-1");
    const error = await failure(runtime.deploy({ files: {}, summary: "" }, { kind: "none" }));
    expect(error.code).toBe("CAPABILITY_UNSUPPORTED");
  });
});
