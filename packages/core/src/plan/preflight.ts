import { FerryError } from "../errors/ferry-error.ts";
import type { Problem } from "../pipeline/validate.ts";
import type { RunnerPlugin } from "../plugin/contract.ts";
import type { ExecutionPlan } from "./plan.ts";

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
// Names that hold secrets, and values shaped like well-known credentials.
const SECRET_NAME = /secret|passw(or)?d|token|api[_-]?key|private[_-]?key|credential/i;
const SECRET_VALUE = [
  /\bAKIA[0-9A-Z]{16}\b/, // AWS access key id
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/, // GitHub token
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/, // Slack token
  /\bAIza[0-9A-Za-z_-]{35}\b/, // Google API key
  /\bsk-[A-Za-z0-9_-]{20,}/, // API secret keys of several vendors
];

/** A step env var whose name or value looks like a secret (never put one in a compiled spec). */
function secretProblems(plan: ExecutionPlan, plugin: RunnerPlugin<unknown>): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const step of plan.steps) {
    for (const [name, value] of Object.entries(step.env)) {
      if (seen.has(name) || value === "") continue;
      if (SECRET_NAME.test(name) || SECRET_VALUE.some((p) => p.test(value))) {
        seen.add(name);
        problems.push({
          message: `Environment variable ${name} of the steps looks like a secret; compiled specs sent to '${plugin.name}' must not contain secret values.`,
          fix: "Remove it from the target's env option and give the steps the secret through the platform's secret manager or its default credentials.",
        });
      }
    }
  }
  return problems;
}

/** Problems the core can see from the plan and the plugin's declarations. */
export function genericProblems(plan: ExecutionPlan, plugin: RunnerPlugin<unknown>): Problem[] {
  const problems: Problem[] = [];
  const gpu = plugin.capabilities.gpu ?? "unsupported";
  for (const step of plan.steps) {
    const count = step.resources.gpu?.count ?? 0;
    if (count > 0 && gpu === "unsupported") {
      problems.push({
        message: `Step '${step.id}' requests ${count} GPU${count > 1 ? "s" : ""}, but target '${plugin.name}' has no GPUs.`,
        fix: `Drop the gpu request for this env (conf/<env>/resources.yml, nodes.<node>.gpu.count: 0), or use a target with the gpu capability.`,
      });
    }
  }
  problems.push(...secretProblems(plan, plugin));
  if (plugin.schemes !== undefined) {
    const allowed = new Set(plugin.schemes);
    for (const [name, dataset] of Object.entries(plan.datasets)) {
      const scheme = dataset.uri === undefined ? undefined : (SCHEME.exec(dataset.uri)?.[1] ?? "file");
      if (scheme === undefined || allowed.has(scheme)) continue;
      problems.push({
        message: `Dataset '${name}' is at ${dataset.uri}, which steps on '${plugin.name}' cannot reach (it reads ${[...allowed].map((s) => `${s}://`).join(", ")}).`,
        fix:
          dataset.role === "intermediate"
            ? `Set the target's storage root to a ${[...allowed][0]}:// location in conf/<env>/targets.yml.`
            : `Point '${name}' at a ${[...allowed][0]}:// URI in conf/<env>/catalog.yml for this env.`,
      });
    }
  }
  return problems;
}

/**
 * Check a plan against the target before anything is compiled or uploaded: core's checks
 * plus the plugin's own, every problem at once, each with its fix.
 */
export function throwPreflight(plugin: RunnerPlugin<unknown>, problems: readonly Problem[]): void {
  if (problems.length === 0) return;
  const list = problems.map((p, i) => `${i + 1}. ${p.message}\n   Fix: ${p.fix}`).join("\n");
  throw new FerryError("PREFLIGHT_FAILED", {
    message: `The run cannot go to target '${plugin.name}' as planned (${problems.length} problem${problems.length > 1 ? "s" : ""}):\n${list}`,
    details: { problems },
  });
}
