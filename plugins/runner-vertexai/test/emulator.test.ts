// The Vertex AI emulator's own checks, over raw HTTP: what the service answers for requests
// the plugin never sends but a hand-written client might.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVertexEmulator, type VertexEmulator } from "../src/emulator/index.ts";
import { EMULATOR_TOKEN } from "../src/index.ts";

let emulator: VertexEmulator;
const parent = "projects/p/locations/us-central1";
const call = async (method: string, path: string, body?: unknown, token = EMULATOR_TOKEN) => {
  const response = await fetch(`${emulator.url}/v1/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};
const spec = {
  schemaVersion: "2.1.0",
  pipelineInfo: { name: "p" },
  components: { "comp-a": { executorLabel: "exec-a" } },
  deploymentSpec: { executors: { "exec-a": { container: { image: "r/a@sha256:0", command: ["true"] } } } },
  root: { dag: { tasks: { a: { taskInfo: { name: "a" }, componentRef: { name: "comp-a" } } } } },
};

beforeAll(async () => {
  emulator = await createVertexEmulator();
});
afterAll(() => emulator.close());

describe("the Vertex AI emulator", () => {
  it("answers 401 without the bearer token, as Google does", async () => {
    const r = await call("GET", `${parent}/pipelineJobs`, undefined, "wrong");
    expect(r).toMatchObject({ status: 401, body: { error: { code: 401, status: "UNAUTHENTICATED" } } });
  });

  it("refuses a job id Vertex AI would refuse, and a missing output directory", async () => {
    const badId = await call("POST", `${parent}/pipelineJobs?pipelineJobId=Bad_Id`, { pipelineSpec: spec });
    expect(badId.body.error).toMatchObject({ code: 400, status: "INVALID_ARGUMENT" });
    expect(badId.body.error.message).toContain("pipelineJobId 'Bad_Id' is invalid");
    const noOut = await call("POST", `${parent}/pipelineJobs?pipelineJobId=j1`, {
      pipelineSpec: spec,
      runtimeConfig: {},
    });
    expect(noOut.body.error.message).toBe(
      "The PipelineJob is invalid:\n- runtimeConfig.gcsOutputDirectory: required, a gs:// URI",
    );
  });

  it("refuses a body that is not JSON, an unknown parameter, and a reserved label", async () => {
    expect((await call("POST", `${parent}/pipelineJobs?pipelineJobId=j2`, "{not json")).body.error.message).toContain(
      "Invalid JSON payload",
    );
    const r = await call("POST", `${parent}/pipelineJobs?pipelineJobId=j3`, {
      pipelineSpec: spec,
      labels: { "vertex-ai-pipelines-run-billing-id": "x" },
      runtimeConfig: { gcsOutputDirectory: "gs://b/o", parameterValues: { lr: 0.1 } },
    });
    expect(r.body.error.message).toMatchInlineSnapshot(`
      "The PipelineJob is invalid:
      - labels: vertex-ai-pipelines-run-billing-id is reserved
      - runtimeConfig.parameterValues.lr: the pipeline has no input 'lr'"
    `);
  });

  it("answers 404 for an unknown job and an unknown route", async () => {
    expect((await call("GET", `${parent}/pipelineJobs/nope`)).status).toBe(404);
    expect((await call("GET", `${parent}/trainingPipelines`)).body.error.message).toBe(
      `The emulator has no GET /v1/${parent}/trainingPipelines.`,
    );
  });

  it("refuses to cancel a finished job (FAILED_PRECONDITION) and pages lists", async () => {
    const created = await call("POST", `${parent}/pipelineJobs?pipelineJobId=fails`, {
      pipelineSpec: spec,
      runtimeConfig: { gcsOutputDirectory: "gs://b/o" },
    });
    expect(created.body.state).toBe("PIPELINE_STATE_QUEUED");
    let job = created.body;
    while (!["PIPELINE_STATE_FAILED", "PIPELINE_STATE_SUCCEEDED"].includes(job.state)) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await call("GET", `${parent}/pipelineJobs/fails`)).body;
    }
    // The image cannot be pulled (no registry answers for r/a): the task and the job fail.
    expect(job.state).toBe("PIPELINE_STATE_FAILED");
    expect(job.jobDetail.taskDetails.find((t: { taskName: string }) => t.taskName === "a").state).toBe("FAILED");
    const cancel = await call("POST", `${parent}/pipelineJobs/fails:cancel`, {});
    expect(cancel.body.error).toMatchObject({ code: 400, status: "FAILED_PRECONDITION" });
    const page = await call("GET", `${parent}/pipelineJobs?pageSize=1`);
    expect(page.body.pipelineJobs).toHaveLength(1);
  });
});
