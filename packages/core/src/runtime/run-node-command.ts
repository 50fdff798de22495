import { parseArgs } from "node:util";
import { exitCodeOf, FerryError } from "../errors/ferry-error.ts";
import type { ExecutionPlan } from "../plan/plan.ts";
import { findProjectRoot, loadProject } from "../project/load-project.ts";
import { toErrorInfo } from "../runner/error-info.ts";
import type { RunEvent } from "../runner/events.ts";
import { createStorageRegistry } from "../storage/registry.ts";
import { applyParamFlags } from "./param-flags.ts";
import { relaunchPlan } from "./relaunch.ts";
import { runStep } from "./run-step.ts";

const USAGE =
  "ferry run-node --plan <file|uri> --step <id> --run-id <id> [--param-json <key>=<json>] [--param-string <key>=<text>]";

function usage(message: string): FerryError {
  return new FerryError("USAGE_INVALID", { message, hint: `Usage: ${USAGE}` });
}

async function readPlan(storage: ReturnType<typeof createStorageRegistry>, uri: string): Promise<ExecutionPlan> {
  let bytes: Uint8Array;
  try {
    bytes = await storage.driverFor(uri).read(uri);
  } catch (cause) {
    throw new FerryError("CONFIG_NOT_FOUND", {
      message: `Could not read the plan at ${uri}: ${(cause as Error).message}`,
      hint: "Pass the plan the target stored for this run (ferry compile writes one).",
      cause,
    });
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as ExecutionPlan;
  } catch (cause) {
    throw new FerryError("CONFIG_INVALID", { message: `The plan at ${uri} is not valid JSON.`, cause });
  }
}

/**
 * `ferry run-node`: what every step runs, locally or in a container. Writes one JSON run
 * event per line to `out`; a failure's error event is the last line. Resolves to the exit
 * status: 0 success, 1 the step failed, 2 usage or config error.
 */
export async function runNodeCommand(
  argv: readonly string[],
  cwd: string,
  out: (line: string) => void,
): Promise<number> {
  const emit = (event: RunEvent | { type: "error"; error: ReturnType<typeof toErrorInfo> }) =>
    out(JSON.stringify(event));
  try {
    let values: {
      plan?: string | undefined;
      step?: string | undefined;
      "run-id"?: string | undefined;
      "param-json"?: string[] | undefined;
      "param-string"?: string[] | undefined;
    };
    try {
      values = parseArgs({
        args: [...argv],
        options: {
          plan: { type: "string" },
          step: { type: "string" },
          "run-id": { type: "string" },
          "param-json": { type: "string", multiple: true },
          "param-string": { type: "string", multiple: true },
        },
      }).values;
    } catch (error) {
      throw usage((error as Error).message);
    }
    const { plan: planRef, step, "run-id": runId } = values;
    if (!planRef || !step || !runId) throw usage("run-node needs --plan, --step and --run-id.");
    const root = findProjectRoot(cwd);
    const project = await loadProject(root);
    const storage = createStorageRegistry(root, project.config.storage);
    const uri = storage.resolve(planRef);
    const stored = await readPlan(storage, uri);
    const params = await applyParamFlags(
      stored.params,
      { json: values["param-json"], string: values["param-string"] },
      project.config.params?.schema,
    );
    const plan = { ...relaunchPlan(stored, runId), params };
    const result = await runStep({ plan, step, root, emit });
    if (result.failed) {
      emit({ type: "error", error: toErrorInfo(result.failed.error) });
      return 1;
    }
    return 0;
  } catch (error) {
    emit({ type: "error", error: toErrorInfo(error) });
    return exitCodeOf(error);
  }
}
