// The emulator's REST surface on its own, with plain fetch: KFP's field names, status codes
// and error bodies for what the plugin does not normally send.
import { validatePluginOptions } from "@ferry/core/plugin";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKubeflowEmulator, type KubeflowEmulator, startEmulator } from "../src/emulator/index.ts";
import { kubeflow } from "../src/index.ts";

let emulator: KubeflowEmulator;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${emulator.url}/apis/v2beta1${path}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** A two-task spec whose image cannot be pulled: enough for the API, its tasks fail at once. */
const spec = (extra: Record<string, unknown> = {}) => ({
  pipelineInfo: { name: "tiny" },
  schemaVersion: "2.1.0",
  sdkVersion: "kfp-2.13.0",
  components: { "comp-a": { executorLabel: "exec-a" }, "comp-b": { executorLabel: "exec-b" } },
  deploymentSpec: {
    executors: {
      "exec-a": { container: { image: `127.0.0.1:1/none@sha256:${"0".repeat(64)}`, command: ["true"] } },
      "exec-b": { container: { image: `127.0.0.1:1/none@sha256:${"0".repeat(64)}`, command: ["true"] } },
    },
  },
  root: {
    dag: {
      tasks: {
        a: { taskInfo: { name: "a" }, componentRef: { name: "comp-a" } },
        b: { taskInfo: { name: "b" }, componentRef: { name: "comp-b" }, dependentTasks: ["a"] },
      },
    },
  },
  ...extra,
});

describe("the Kubeflow Pipelines emulator's API", () => {
  beforeAll(async () => {
    emulator = await createKubeflowEmulator({ multiUser: true });
  });
  afterAll(() => emulator.close());

  it("answers errors as the API server does: grpc-gateway status JSON with KFP's messages", async () => {
    expect(await call("GET", "/runs/no-such-run")).toMatchInlineSnapshot(`
      {
        "body": {
          "code": 5,
          "details": [],
          "error": "Failed to get run: run no-such-run not found",
          "message": "Failed to get run: run no-such-run not found",
        },
        "status": 404,
      }
    `);
    expect(await call("GET", "/no-such-thing")).toMatchInlineSnapshot(`
      {
        "body": {
          "code": 5,
          "details": [],
          "error": "Not Found",
          "message": "Not Found",
        },
        "status": 404,
      }
    `);
    expect(await call("DELETE", "/experiments")).toMatchInlineSnapshot(`
      {
        "body": {
          "code": 12,
          "details": [],
          "error": "Method Not Allowed",
          "message": "Method Not Allowed",
        },
        "status": 405,
      }
    `);
    expect(await call("POST", "/runs", "{not json")).toMatchInlineSnapshot(`
      {
        "body": {
          "code": 3,
          "details": [],
          "error": "invalid JSON in the request body: Expected property name or '}' in JSON at position 1 (line 1 column 2)",
          "message": "invalid JSON in the request body: Expected property name or '}' in JSON at position 1 (line 1 column 2)",
        },
        "status": 400,
      }
    `);
  });

  it("wants an experiment in multi-user mode, a display name, and only Run's fields", async () => {
    expect(
      (await call("POST", "/runs", { display_name: "r", pipeline_spec: spec() })).body.message,
    ).toMatchInlineSnapshot(`"Invalid input error: Experiment id can not be empty in multi-user mode"`);
    const { body: experiment } = await call("POST", "/experiments", { display_name: "e1", namespace: "team-a" });
    const experiment_id = experiment.experiment_id as string;
    expect((await call("POST", "/runs", { experiment_id, pipeline_spec: spec() })).body.message).toMatchInlineSnapshot(
      `"Invalid input error: the run's display_name is empty; it is required"`,
    );
    expect(
      (await call("POST", "/runs", { experiment_id, display_name: "r", pipelineSpec: spec() })).body.message,
    ).toMatchInlineSnapshot(`"unknown field "pipelineSpec" in v2beta1.Run"`);
    expect((await call("POST", "/experiments", { display_name: "e1" })).body.message).toMatchInlineSnapshot(
      `"Invalid input error: creating an experiment: namespace is empty; it is required in multi-user mode"`,
    );
    expect((await call("POST", "/experiments", { display_name: "e1", namespace: "team-a" })).status).toBe(409);
    expect(
      (await call("POST", "/experiments", { display_name: "e".repeat(129), namespace: "team-a" })).body.message,
    ).toBe("Invalid input error: Experiment.Name length cannot exceed 128");
  });

  it("checks the spec as the backend reads it, and the runtime parameters against its inputs", async () => {
    const { body: experiment } = await call("POST", "/experiments", { display_name: "e2", namespace: "team-a" });
    const bad = spec({
      schemaVersion: "2.0.0",
      root: { dag: { tasks: { a: { taskInfo: { name: "a" }, componentRef: { name: "comp-x" } } } } },
    });
    const run = (pipeline_spec: unknown, parameters = {}) =>
      call("POST", "/runs", {
        experiment_id: experiment.experiment_id,
        display_name: "r",
        pipeline_spec,
        runtime_config: { parameters, pipeline_root: "s3://b/root" },
      });
    expect((await run(bad)).body.message).toMatchInlineSnapshot(
      `"Invalid input error: the pipeline spec is invalid: schemaVersion: '2.0.0' is not 2.1.0; root.dag.tasks.a.componentRef.name: no component 'comp-x'"`,
    );
    expect((await run({ pipeline_spec: spec(), platform_spec: "nope" })).body.message).toMatchInlineSnapshot(
      `"Invalid input error: pipeline_spec.platform_spec must be an object"`,
    );
    expect((await run(spec(), { epochs: 3 })).body.message).toMatchInlineSnapshot(
      `"Invalid input error: runtime_config.parameters.epochs: the pipeline has no input 'epochs'"`,
    );
  });

  it("runs a submitted spec to a final state, with task details named by task and the failure named", async () => {
    const { body: experiment } = await call("POST", "/experiments", { display_name: "e3", namespace: "team-a" });
    const { status, body } = await call("POST", "/runs", {
      experiment_id: experiment.experiment_id,
      display_name: "unpullable",
      pipeline_spec: spec(),
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      state: "PENDING",
      runtime_config: { pipeline_root: "minio://mlpipeline/v2/artifacts" },
    });
    await emulator.settled(body.run_id);
    const { body: run } = await call("GET", `/runs/${body.run_id}`);
    expect(run.state).toBe("FAILED");
    expect(run.state_history.map((h: { state: string }) => h.state)).toEqual(["PENDING", "RUNNING", "FAILED"]);
    const tasks = run.run_details.task_details.map((t: Record<string, any>) => [t.display_name, t.state]);
    // b never started: a failed first, and KFP lists only tasks that got a pod.
    expect(tasks).toEqual([
      ["root", "FAILED"],
      ["a", "FAILED"],
    ]);
    expect(run.error.message).toMatch(/^Task 'a' failed: /);
  });

  it("lists runs by experiment, namespace and display name, a page at a time", async () => {
    const { body: experiment } = await call("POST", "/experiments", { display_name: "e4", namespace: "team-b" });
    for (const name of ["x", "y", "x"]) {
      await call("POST", "/runs", {
        experiment_id: experiment.experiment_id,
        display_name: name,
        pipeline_spec: spec(),
      });
    }
    const filter = encodeURIComponent(
      JSON.stringify({ predicates: [{ key: "display_name", operation: "EQUALS", string_value: "x" }] }),
    );
    const page1 = await call(
      "GET",
      `/runs?namespace=team-b&experiment_id=${experiment.experiment_id}&filter=${filter}&page_size=1`,
    );
    expect(page1.body.total_size).toBe(2);
    expect(page1.body.runs.map((r: { display_name: string }) => r.display_name)).toEqual(["x"]);
    const page2 = await call(
      "GET",
      `/runs?namespace=team-b&filter=${filter}&page_size=1&page_token=${page1.body.next_page_token}`,
    );
    expect(page2.body.runs).toHaveLength(1);
    expect(page2.body.next_page_token).toBeUndefined();
    expect((await call("GET", `/runs?namespace=team-a&experiment_id=${experiment.experiment_id}`)).body.runs).toEqual(
      [],
    );
  });

  it("takes pipeline uploads as multipart uploadfile, answering errors the upload server's way", async () => {
    const upload = async (path: string, text: string | undefined) => {
      const form = new FormData();
      if (text !== undefined) form.set("uploadfile", new Blob([text]), "tiny.yaml");
      const response = await fetch(`${emulator.url}/apis/v2beta1/pipelines/${path}`, { method: "POST", body: form });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };
    const yaml = JSON.stringify(spec());
    const created = await upload("upload?name=tiny&namespace=team-a", yaml);
    expect(created.body).toMatchObject({ name: "tiny", display_name: "tiny", namespace: "team-a" });
    expect(await upload("upload?name=tiny&namespace=team-a", yaml)).toMatchInlineSnapshot(`
      {
        "body": {
          "error_details": "Failed to create a pipeline and a pipeline version",
          "error_message": "Failed to create a pipeline and a pipeline version",
        },
        "status": 409,
      }
    `);
    expect(await upload("upload?name=other&namespace=team-a", undefined)).toMatchInlineSnapshot(`
      {
        "body": {
          "error_details": "Failed to read pipeline from file",
          "error_message": "Failed to read pipeline from file",
        },
        "status": 400,
      }
    `);
    expect(await upload("upload?name=other&namespace=team-a", "schemaVersion: 1.0.0\n")).toMatchInlineSnapshot(`
      {
        "body": {
          "error_details": "Invalid input error: the pipeline spec is invalid: schemaVersion: '1.0.0' is not 2.1.0; pipelineInfo.name: required; root.dag.tasks: required",
          "error_message": "Invalid input error: the pipeline spec is invalid: schemaVersion: '1.0.0' is not 2.1.0; pipelineInfo.name: required; root.dag.tasks: required",
        },
        "status": 400,
      }
    `);
    const version = await upload(`upload_version?pipelineid=${created.body.pipeline_id}&name=v2`, yaml);
    expect(version.body).toMatchObject({ pipeline_id: created.body.pipeline_id, name: "v2" });
    const versions = await call("GET", `/pipelines/${created.body.pipeline_id}/versions?sort_by=created_at%20desc`);
    expect(versions.body.pipeline_versions.map((v: { name: string }) => v.name)).toEqual(["v2", "tiny"]);
  });

  it("checks recurring runs as the API server does: six-field cron, concurrency 1–10, a mode", async () => {
    const experiment = (await call("POST", "/experiments", { display_name: "sched", namespace: "team-a" })).body;
    const base = {
      display_name: "nightly",
      experiment_id: experiment.experiment_id,
      pipeline_spec: spec(),
      max_concurrency: "1",
      mode: "ENABLE",
      trigger: { cron_schedule: { cron: "0 0 3 * * *" } },
    };
    const bad = async (extra: Record<string, unknown>) =>
      (await call("POST", "/recurringruns", { ...base, ...extra })).body.message;
    expect(await bad({ trigger: { cron_schedule: { cron: "0 3 * * *" } } })).toBe(
      "Invalid input error: the cron '0 3 * * *' is not valid: KFP crons have six fields, seconds first (0 0 3 * * *)",
    );
    expect(await bad({ max_concurrency: "11" })).toBe(
      "Invalid input error: max_concurrency must be between 1 and 10, got 11",
    );
    expect(await bad({ mode: "MODE_UNSPECIFIED" })).toBe("Invalid input error: mode must be ENABLE or DISABLE");
    const created = await call("POST", "/recurringruns", base);
    expect(created.body).toMatchObject({ status: "ENABLED", namespace: "team-a", max_concurrency: "1" });
    const id = created.body.recurring_run_id as string;
    expect((await call("POST", `/recurringruns/${id}:disable`)).status).toBe(200);
    const listed = await call("GET", `/recurringruns?namespace=team-a&experiment_id=${experiment.experiment_id}`);
    expect(listed.body.recurringRuns.map((r: { status: string }) => r.status)).toEqual(["DISABLED"]);
    expect((await call("DELETE", `/recurringruns/${id}`)).status).toBe(200);
    expect((await call("GET", `/recurringruns/${id}`)).status).toBe(404);
  });

  it("throttles and refuses credentials on demand", async () => {
    emulator.faults.throttle(1);
    expect(await call("GET", "/experiments?namespace=team-a&page_size=1")).toMatchInlineSnapshot(`
      {
        "body": {
          "code": 8,
          "details": [],
          "error": "Too many requests: the API server is throttling (emulator fault)",
          "message": "Too many requests: the API server is throttling (emulator fault)",
        },
        "status": 429,
      }
    `);
    expect((await call("GET", "/experiments?namespace=team-a&page_size=1")).status).toBe(200);
    emulator.faults.rejectCredentials();
    expect(await call("GET", "/experiments?namespace=team-a")).toMatchInlineSnapshot(`
      {
        "body": {
          "code": 16,
          "details": [],
          "error": "Unauthenticated: the request's credentials were rejected",
          "message": "Unauthenticated: the request's credentials were rejected",
        },
        "status": 401,
      }
    `);
    emulator.faults.reset();
    expect((await call("GET", "/experiments?namespace=team-a")).status).toBe(200);
  });
});

describe("the emulator with a token", () => {
  it("wants it as a bearer token or a session cookie", async () => {
    const guarded = await createKubeflowEmulator({ token: "t0k3n" });
    try {
      const get = (headers: Record<string, string>) =>
        fetch(`${guarded.url}/apis/v2beta1/experiments`, { headers }).then((r) => r.status);
      expect(await get({})).toBe(401);
      expect(await get({ authorization: "Bearer wrong" })).toBe(401);
      expect(await get({ authorization: "Bearer t0k3n" })).toBe(200);
      expect(await get({ cookie: "other=1; authservice_session=t0k3n" })).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});

describe("startEmulator (ferry run --emulate)", () => {
  it("rewrites the user's options to reach the emulator, without credentials", async () => {
    const user = await validatePluginOptions(
      kubeflow(),
      {
        url: "https://kubeflow.example.com/pipeline",
        namespace: "team-a",
        auth: { type: "cookie" },
        imageRegistry: "ghcr.io/acme",
        storageRoot: "s3://acme/ferry",
      },
      "test",
    );
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    const started = await startEmulator({ projectRoot: import.meta.dirname, options: user, logger });
    try {
      const options = await validatePluginOptions(kubeflow(), started.options, "emulator");
      expect(options).toEqual({ ...user, url: started.url, auth: { type: "none" }, pollIntervalMs: 250 });
      // Multi-user like the cluster the options name: an experiment is needed.
      const response = await fetch(`${started.url}/apis/v2beta1/runs`, {
        method: "POST",
        body: JSON.stringify({ display_name: "r" }),
      });
      expect(((await response.json()) as { message: string }).message).toBe(
        "Invalid input error: Experiment id can not be empty in multi-user mode",
      );
    } finally {
      await started.close();
    }
  });
});
