import { describe, expect, it } from "vitest";
import { executeSpec, type TaskLaunch, type TaskUpdate } from "./execute.ts";
import { readPipelineSpec } from "./read-spec.ts";

/** A spec as a KFP backend receives it, written by hand (not by the compiler). */
function spec(tasks: Record<string, { deps?: string[]; args?: string[]; retries?: number }>, extra: object = {}) {
  const components: Record<string, unknown> = {};
  const executors: Record<string, unknown> = {};
  const dag: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(tasks)) {
    components[`comp-${name}`] = {
      executorLabel: `exec-${name}`,
      inputDefinitions: { parameters: { n: { parameterType: "NUMBER_INTEGER" } } },
    };
    executors[`exec-${name}`] = {
      container: {
        image: "r/app@sha256:1",
        command: ["run", name],
        args: t.args ?? [],
        env: [{ name: "E", value: name }],
      },
    };
    dag[name] = {
      taskInfo: { name },
      componentRef: { name: `comp-${name}` },
      dependentTasks: t.deps ?? [],
      inputs: { parameters: { n: { componentInputParameter: "n" } } },
      ...(t.retries ? { retryPolicy: { maxRetryCount: t.retries } } : {}),
    };
  }
  return {
    schemaVersion: "2.1.0",
    pipelineInfo: { name: "p" },
    components,
    deploymentSpec: { executors },
    root: {
      dag: { tasks: dag },
      inputDefinitions: { parameters: { n: { parameterType: "NUMBER_INTEGER", defaultValue: 1 } } },
    },
    ...extra,
  };
}

const DIAMOND = { a: {}, b: { deps: ["a"] }, c: { deps: ["a"] }, d: { deps: ["b", "c"] } };

async function run(
  raw: unknown,
  exit: (l: TaskLaunch) => number,
  options: { values?: Record<string, unknown>; signal?: AbortSignal } = {},
) {
  const read = readPipelineSpec(raw);
  if (!read.spec) throw new Error(read.problems.join("\n"));
  const launches: TaskLaunch[] = [];
  const updates: TaskUpdate[] = [];
  const result = await executeSpec(read.spec, {
    jobUuid: "uuid-1",
    jobName: "job-1",
    pipelineRoot: "gs://b/root",
    ...(options.values ? { parameterValues: options.values } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    concurrency: 2,
    run: async (launch) => {
      launches.push(launch);
      await new Promise((r) => setTimeout(r, 5));
      return { exitCode: exit(launch) };
    },
    onTask: (u) => updates.push(u),
  });
  const final = Object.fromEntries(updates.map((u) => [u.task, u.state]));
  return { result, launches, final };
}

describe("readPipelineSpec", () => {
  it("lists every problem of an invalid spec", () => {
    const bad = spec(
      { a: { deps: ["ghost"], args: ["{{$.inputs.parameters['nope']}}", "{{$.oops}}"] } },
      { schemaVersion: "2.0.0" },
    );
    const executors = bad.deploymentSpec.executors as Record<string, { container: { image?: string } }>;
    executors["exec-a"] = { container: { ...executors["exec-a"]?.container, image: "" } };
    expect(readPipelineSpec(bad).problems).toMatchInlineSnapshot(`
      [
        "schemaVersion: '2.0.0' is not 2.1.0",
        "deploymentSpec.executors.exec-a.container.image: required",
        "deploymentSpec.executors.exec-a.container: placeholder {{$.inputs.parameters['nope']}} does not resolve (not an input of component comp-a)",
        "deploymentSpec.executors.exec-a.container: placeholder {{$.oops}} does not resolve (not an input of component comp-a)",
        "root.dag.tasks.a.dependentTasks: no task 'ghost'",
      ]
    `);
  });

  it("names a dependency cycle", () => {
    expect(readPipelineSpec(spec({ a: { deps: ["b"] }, b: { deps: ["a"] } })).problems).toEqual([
      "root.dag.tasks: dependency cycle a -> b -> a",
    ]);
  });

  it("refuses a task whose component has no container executor", () => {
    const raw = spec({ a: {} });
    raw.components["comp-a"] = { executorLabel: "exec-missing" };
    expect(readPipelineSpec(raw).problems).toEqual([
      "components.comp-a.executorLabel: no container executor 'exec-missing'",
    ]);
  });
});

describe("executeSpec", () => {
  it("runs dependencies first, with placeholders and env resolved", async () => {
    const raw = spec({
      ...DIAMOND,
      d: {
        deps: ["b", "c"],
        args: ["--n={{$.inputs.parameters['n']}}", "{{$.pipeline_job_uuid}}", "{{$.pipeline_task_name}}"],
      },
    });
    const { result, launches, final } = await run(raw, () => 0, { values: { n: 7 } });
    expect(result).toEqual({ state: "SUCCEEDED" });
    const order = launches.map((l) => l.task);
    expect(order[0]).toBe("a");
    expect(order.at(-1)).toBe("d");
    expect(launches.at(-1)?.argv).toEqual(["run", "d", "--n=7", "uuid-1", "d"]);
    expect(launches.at(-1)?.env).toEqual({ E: "d" });
    expect(final).toEqual({ a: "SUCCEEDED", b: "SUCCEEDED", c: "SUCCEEDED", d: "SUCCEEDED" });
  });

  it("fails the run at the first failed task; downstream tasks are never started", async () => {
    const { result, launches, final } = await run(spec(DIAMOND), (l) => (l.task === "b" ? 3 : 0));
    expect(result.state).toBe("FAILED");
    expect(result.failed).toEqual({ task: "b", message: "The container exited with status 3." });
    expect(launches.map((l) => l.task)).not.toContain("d");
    expect(final.d).toBe("NOT_TRIGGERED");
  });

  it("retries a task as its retry policy allows", async () => {
    let calls = 0;
    const { result, launches } = await run(spec({ a: { retries: 2 } }), () => (++calls < 3 ? 1 : 0));
    expect(result.state).toBe("SUCCEEDED");
    expect(launches.map((l) => l.attempt)).toEqual([0, 1, 2]);
  });

  it("cancels: running tasks see the signal, pending ones never start", async () => {
    const controller = new AbortController();
    const { result, final } = await run(
      spec(DIAMOND),
      (l) => {
        if (l.task === "a") controller.abort();
        return controller.signal.aborted ? 143 : 0;
      },
      { signal: controller.signal },
    );
    expect(result.state).toBe("CANCELLED");
    expect(final).toEqual({ a: "CANCELLED", b: "CANCELLED", c: "CANCELLED", d: "CANCELLED" });
  });
});
