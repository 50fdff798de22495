import { FerryError } from "../errors/ferry-error.ts";
import type { RunnerPlugin } from "./contract.ts";

const NAME = /^[a-z][a-z0-9-]*$/;
const REQUIRED = ["compile", "package", "submit", "poll"] as const;

/** Declare a runner plugin. Checks its shape now, so a broken plugin fails on load, not mid-run. */
export function defineRunnerPlugin<Options>(plugin: RunnerPlugin<Options>): RunnerPlugin<Options> {
  const problems: string[] = [];
  if (!NAME.test(plugin.name)) problems.push(`name '${plugin.name}' must match ${NAME} (it is the --target value)`);
  if (plugin.contract !== 1) problems.push(`contract ${String(plugin.contract)} is not supported (this core speaks 1)`);
  if (typeof plugin.options?.["~standard"]?.validate !== "function") problems.push("options must be a Standard Schema");
  for (const phase of REQUIRED) if (typeof plugin[phase] !== "function") problems.push(`${phase}() is missing`);
  if (plugin.capabilities.cancel && plugin.capabilities.cancel !== "unsupported" && !plugin.cancel) {
    problems.push("capabilities.cancel is declared but cancel() is missing");
  }
  if (problems.length > 0) {
    throw new FerryError("PLUGIN_INVALID", {
      message: `Runner plugin '${plugin.name}' is invalid:\n- ${problems.join("\n- ")}`,
      hint: "See the RunnerPlugin contract in @ferry/core/plugin.",
    });
  }
  return Object.freeze({ ...plugin });
}
