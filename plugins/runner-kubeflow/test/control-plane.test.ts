// submit, poll, cancel and deploy through core's wrapper against the emulator, with each
// failure a user can meet: KFP's 400, throttling, a run that is gone, an API out of reach.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { FerryError, formatError } from "@ferry/core";
import type { CompiledSpec } from "@ferry/core/plugin";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKubeflowEmulator, type KubeflowEmulator } from "../src/emulator/index.ts";
import { kubeflow } from "../src/index.ts";
import type { KubeflowOptions } from "../src/options.ts";
import { pollUntil } from "./helpers/poll.ts";
import { dockerLogin, pullAuth, pushTinyBase, registry } from "./helpers/registry.ts";
import { BUCKET, createBucket, moto, s3Env } from "./helpers/s3.ts";
import { optionsOf, recordingLogger, type Staged, stage } from "./helpers/stage.ts";

const skip = registry.skip ?? moto.skip;
let emulator: KubeflowEmulator;
let base = "";

const raw = (extra: Record<string, unknown> = {}) => ({
  url: emulator.url,
  namespace: "team-a",
  experiment: "control-plane",
  imageRegistry: `${registry.endpoints?.host}/kubeflow-test`,
  baseImage: base,
  storageRoot: `s3://${BUCKET}/runs`,
  pollIntervalMs: 100,
  ...extra,
});

/** Error text as the CLI prints it, with the emulator's address and run ids made stable. */
const shown = (error: unknown) =>
  formatError(error)
    .replace(/\n\s+at .*/g, "")
    .replaceAll(emulator.url, "http://emulator")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
    .replace(/test-[0-9a-f]{8}/g, "<run-id>")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>");

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error,
  );

/** The plugin's submit with other options (what core calls after validating them). */
function kubeflowSubmit(staged: Staged, options: KubeflowOptions) {
  return kubeflow().submit({ ...staged.ctx(), options }, staged.compiled, staged.artifact);
}

describe.skipIf(skip !== undefined)(`kubeflow control plane${skip ? ` — skipped: ${skip}` : ""}`, () => {
  beforeAll(async () => {
    dockerLogin();
    await createBucket();
    base = await pushTinyBase();
    emulator = await createKubeflowEmulator({
      ...(pullAuth ? { auth: pullAuth } : {}),
      env: { ...s3Env, FERRY_NODE: process.execPath },
      multiUser: true,
    });
  });
  afterAll(() => emulator?.close());

  it("submits once per Ferry run id: a retried submit finds the run the first one started", async () => {
    const staged = await stage(raw());
    const first = await staged.runtime.submit(staged.compiled, staged.artifact);
    const again = await staged.runtime.submit(staged.compiled, staged.artifact);
    expect(again).toEqual(first);
    const mine = emulator.runs().filter((r) => r.display_name === `conformance-diamond ${staged.plan.runId}`);
    expect(mine.map((r) => r.run_id)).toEqual([first.data?.runId]);
    expect(first.url).toBe(`${emulator.url}/#/runs/details/${first.data?.runId}`);
    // Filed under the experiment, created once in the namespace, with the spec and the storage root.
    expect(mine[0]).toMatchObject({
      runtime_config: { parameters: {}, pipeline_root: `s3://${BUCKET}/runs` },
      // No GPU or timeout, so no platform spec: the Struct is the IR itself.
      pipeline_spec: { pipelineInfo: { name: "conformance-diamond" }, schemaVersion: "2.1.0" },
    });
    const status = await pollUntil(staged.runtime, first);
    expect(status.state, JSON.stringify(status.error)).toBe("succeeded");
    expect(Object.keys(status.steps ?? {}).sort()).toEqual(["fan_in", "fan_out", "negate", "square"]);
    expect(status.steps?.fan_in?.startedAt).toBeLessThanOrEqual(status.steps?.fan_in?.endedAt ?? 0);
  });

  it("waits out a throttled API with core's backoff, then submits", async () => {
    const logger = recordingLogger();
    const staged = await stage(raw(), "diamond", { logger });
    const before = emulator.requests.length;
    emulator.faults.throttle(3);
    const handle = await staged.runtime.submit(staged.compiled, staged.artifact);
    const calls = emulator.requests
      .slice(before)
      .map((r) => `${r.status} ${r.method} ${r.path.replace(/\/apis\/v2beta1/, "")}`);
    // The same call three times refused, then answered: the wrapper retried it, the plugin did not loop.
    const [first] = calls;
    expect(calls.slice(0, 4)).toEqual([first, first, first, first?.replace("429", "200")]);
    expect(first).toMatch(/^429 GET /);
    expect(calls.filter((c) => c === "200 POST /runs")).toHaveLength(1);
    expect(logger.warnings.map((w) => w.replace(/\d+ ms/, "<n> ms"))).toEqual(
      Array(3).fill("kubeflow: submit was throttled or unavailable; retrying in <n> ms"),
    );
    expect(handle.data?.runId).toBeTypeOf("string");
  });

  it("reports KFP's 400 for an invalid spec, with the server's own message", async () => {
    const staged = await stage(raw());
    const file = staged.compiled.files["pipeline.yaml"] ?? "";
    const broken: CompiledSpec = {
      ...staged.compiled,
      files: {
        ...staged.compiled.files,
        "pipeline.yaml": file
          .replace('schemaVersion: "2.1.0"', 'schemaVersion: "2.0.0"')
          .replace("- fan-out", "- fan-outt"),
      },
    };
    const error = await failure(staged.runtime.submit(broken, staged.artifact));
    expect(FerryError.is(error, "TARGET_REQUEST_INVALID")).toBe(true);
    expect(shown(error)).toMatchInlineSnapshot(`
      "The target refused the request [TARGET_REQUEST_INVALID]
      Kubeflow Pipelines refused the request to create the run 'conformance-diamond <run-id>' (POST /apis/v2beta1/runs, 400): Invalid input error: the pipeline spec is invalid: schemaVersion: '2.0.0' is not 2.1.0; root.dag.tasks.negate.dependentTasks: no task 'fan-outt'
      Hint: The platform's message names the field; if it is in the compiled spec, report it with \`ferry compile\` output."
    `);
  });

  it("terminates a running run: CANCELING, then CANCELED, with its process stopped and later steps never run", async () => {
    const staged = await stage(raw(), "slow", { params: ["sleep_ms=20000"] });
    const started = Date.now();
    const handle = await staged.runtime.submit(staged.compiled, staged.artifact);
    await pollUntil(staged.runtime, handle, (s) => s.steps?.wait?.state === "running");
    await staged.runtime.cancel(handle);
    const status = await pollUntil(staged.runtime, handle);
    expect(status.state).toBe("cancelled");
    expect(status.steps?.wait?.state).toBe("cancelled");
    expect(status.steps?.after_wait).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(20_000);
    const run = emulator.runs().find((r) => r.run_id === handle.data?.runId);
    expect(((run?.state_history ?? []) as { state: string }[]).map((h) => h.state)).toEqual([
      "PENDING",
      "RUNNING",
      "CANCELING",
      "CANCELED",
    ]);
  });

  it("reports a failed step by its Ferry name, with the step's own error", async () => {
    const staged = await stage(raw(), "diamond", { params: ["fail=true"] });
    const handle = await staged.runtime.submit(staged.compiled, staged.artifact);
    const status = await pollUntil(staged.runtime, handle);
    expect(status.state).toBe("failed");
    expect(status.steps?.fan_in?.state).toBe("failed");
    expect({
      ...status.error,
      message: status.error?.message.replace(/\(http.*\)$/, "(<run page>)"),
    }).toMatchInlineSnapshot(`
      {
        "code": "NODE_FAILED",
        "message": "Step 'fan_in' failed on Kubeflow Pipelines: Node 'fan_in' failed: fan_in was asked to fail (<run page>)",
        "node": "fan_in",
      }
    `);
  });

  it("runs a relaunch with other parameters (as from the KFP UI) with those values, under its own run id", async () => {
    const staged = await stage(raw());
    const handle = await staged.runtime.submit(staged.compiled, staged.artifact);
    const first = emulator.runs().find((r) => r.run_id === handle.data?.runId);
    await emulator.settled(String(first?.run_id));
    const response = await fetch(`${emulator.url}/apis/v2beta1/runs`, {
      method: "POST",
      body: JSON.stringify({
        display_name: "relaunched from the UI",
        experiment_id: first?.experiment_id,
        pipeline_spec: first?.pipeline_spec,
        runtime_config: { parameters: { fail: true, scale: 5 }, pipeline_root: `s3://${BUCKET}/runs` },
      }),
    });
    const relaunch = (await response.json()) as { run_id: string };
    await emulator.settled(relaunch.run_id);
    const run = emulator.runs().find((r) => r.run_id === relaunch.run_id);
    expect(run?.state).toBe("FAILED");
    expect(run?.error).toMatchObject({ message: expect.stringContaining("fan_in was asked to fail") });
    // Its steps kept their intermediates under the KFP run's id, not the compiled run's.
    expect(emulator.logs(relaunch.run_id).join("\n")).toContain(`"runId":"${relaunch.run_id}"`);
  });

  it("says so when the KFP run is gone", async () => {
    const staged = await stage(raw());
    const handle = {
      target: "kubeflow",
      runId: staged.plan.runId,
      url: `${emulator.url}/#/runs/details/nope`,
      data: { runId: "nope" },
    };
    expect(shown(await failure(staged.runtime.poll(handle)))).toMatchInlineSnapshot(`
      "Unknown run [RUN_NOT_FOUND]
      Kubeflow Pipelines at http://emulator has no run nope (Ferry run <run-id>): it was deleted, or these options reach another KFP instance or namespace. KFP said: Failed to get run: run nope not found
      Hint: Check url and namespace in the kubeflow target options against where the run was submitted (http://emulator/#/runs/details/nope)."
    `);
    expect(shown(await failure(staged.runtime.cancel(handle)))).toMatchInlineSnapshot(`
      "Unknown run [RUN_NOT_FOUND]
      Kubeflow Pipelines at http://emulator has no run nope (Ferry run <run-id>): it was deleted, or these options reach another KFP instance or namespace. KFP said: Failed to get run: run nope not found
      Hint: Check url and namespace in the kubeflow target options against where the run was submitted (http://emulator/#/runs/details/nope)."
    `);
  });

  it("deploys the pipeline for UI users, then a new version of it; a retried deploy finds its version", async () => {
    const experiment = `deploy-${Date.now()}`;
    const first = await stage(raw({ experiment }));
    const created = await first.runtime.deploy(first.compiled, first.artifact);
    const second = await stage(raw({ experiment }));
    const added = await second.runtime.deploy(second.compiled, second.artifact);
    const again = await second.runtime.deploy(second.compiled, second.artifact);
    const stable = (s: string) => s.replace(/test-[0-9a-f]{8}/g, "<run-id>");
    expect([created.summary, added.summary, again.summary].map(stable)).toMatchInlineSnapshot(`
      [
        "pipeline 'conformance-diamond' created in Kubeflow Pipelines",
        "pipeline 'conformance-diamond': version 'conformance-diamond-<run-id>' added",
        "pipeline 'conformance-diamond': version 'conformance-diamond-<run-id>' exists already",
      ]
    `);
    expect(again.id).toBe(added.id);
    expect(added.url).toBe(`${emulator.url}/#/pipelines/details/${added.data?.pipelineId}/version/${added.id}`);
    const pipeline = emulator.pipelines().find((p) => p.pipeline_id === added.data?.pipelineId);
    expect(pipeline?.versions.map((v) => stable(v.name))).toEqual([
      "conformance-diamond",
      "conformance-diamond-<run-id>",
    ]);
    // Each uploaded file runs the image its run pushed, not the placeholder compile leaves.
    const images = pipeline?.versions.map((v) => {
      const executors = (
        v.pipeline_spec as { deploymentSpec: { executors: Record<string, { container: { image: string } }> } }
      ).deploymentSpec.executors;
      return [...new Set(Object.values(executors).map((e) => e.container.image))];
    });
    expect(images).toEqual([[first.artifact.uri], [second.artifact.uri]]);
  });

  it("schedules as a recurring run, replaces it by name, and each run it starts succeeds on its own", async () => {
    const staged = await stage(raw());
    const created = await staged.runtime.schedule(staged.compiled, staged.artifact, {
      name: "nightly",
      cron: "0 3 * * *",
      timeZone: "UTC",
    });
    expect(created.summary).toBe("schedule 'nightly' created: 0 3 * * * (UTC)");
    expect(created.url).toBe(`${emulator.url}/#/recurringrun/details/${created.id}`);
    const replaced = await staged.runtime.schedule(staged.compiled, staged.artifact, {
      name: "nightly",
      cron: "30 4 * * 1-5",
      timeZone: "UTC",
      paused: true,
    });
    expect(replaced.summary).toBe("schedule 'nightly' replaced: 30 4 * * 1-5 (UTC), paused");
    const nightly = emulator.recurringRuns().filter((r) => r.display_name === "nightly");
    expect(nightly).toHaveLength(1);
    // KFP's crons have a seconds field first; the spec is inline, the experiment the run's.
    expect(nightly[0]).toMatchObject({
      recurring_run_id: replaced.id,
      trigger: { cron_schedule: { cron: "0 30 4 * * 1-5" } },
      mode: "DISABLE",
      status: "DISABLED",
      max_concurrency: "1",
      no_catchup: true,
      namespace: "team-a",
    });
    const runs = [emulator.fireRecurringRun(replaced.id), emulator.fireRecurringRun(replaced.id)];
    for (const run of runs) await emulator.settled(run.run_id);
    const finished = emulator.runs().filter((r) => runs.some((f) => f.run_id === r.run_id));
    expect(finished.map((r) => [r.state, r.recurring_run_id])).toEqual([
      ["SUCCEEDED", replaced.id],
      ["SUCCEEDED", replaced.id],
    ]);
  });

  it("refuses a schedule in a time zone the cluster does not read crons in", async () => {
    const staged = await stage(raw());
    const error = await failure(
      staged.runtime.schedule(staged.compiled, staged.artifact, {
        name: "n",
        cron: "0 3 * * *",
        timeZone: "Europe/Paris",
      }),
    );
    expect(FerryError.is(error, "USAGE_INVALID")).toBe(true);
    expect(shown(error)).toMatchInlineSnapshot(`
      "Invalid command-line usage [USAGE_INVALID]
      Kubeflow Pipelines reads crons in its controller's time zone (UTC); a recurring run cannot carry 'Europe/Paris'.
      Hint: Pass --timezone UTC with the hours shifted, or set cronTimeZone in the kubeflow target's options to the zone the cluster's scheduled-workflow controller uses (CRON_SCHEDULE_TIMEZONE)."
    `);
  });

  it("names the url and the port-forward when the API cannot be reached", async () => {
    const staged = await stage(raw());
    const options = await optionsOf({ ...raw(), url: `http://127.0.0.1:${await closedPort()}` });
    const error = await failure(kubeflowSubmit(staged, options));
    expect(shown(error)).toMatchInlineSnapshot(`
      "Runner plugin failed [PLUGIN_ERROR]
      Could not reach Kubeflow Pipelines at http://127.0.0.1:<port> to find the experiment 'control-plane' (ECONNREFUSED).
      Hint: Check the url option (conf/<env>/targets.yml). Outside the cluster, go through the Kubeflow gateway (https://<host>/pipeline) or a port-forward: kubectl port-forward -n kubeflow svc/ml-pipeline-ui 3000:80, then url: http://localhost:3000.
      Caused by: TypeError: fetch failed"
    `);
  });
});
