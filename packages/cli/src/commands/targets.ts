import { createLocalPlugin, findProjectRoot, loadProject } from "@ferry/core";
import type { CapabilityName, RunnerPlugin } from "@ferry/core/plugin";
import type { CommandContext } from "../context.ts";
import { json, table } from "../render/output.ts";

const CAPABILITIES: readonly CapabilityName[] = ["cancel", "logs", "schedule", "gpu", "parallel", "retry", "explain"];

/** Targets available here: the built-in `local`, plus plugins registered in ferry.config.ts. */
async function installedTargets(): Promise<RunnerPlugin<unknown>[]> {
  const plugins: RunnerPlugin<unknown>[] = [createLocalPlugin() as RunnerPlugin<unknown>];
  let root: string | undefined;
  try {
    root = findProjectRoot(process.cwd());
  } catch {
    return plugins;
  }
  const project = await loadProject(root);
  return [...plugins, ...((project.config.plugins ?? []) as RunnerPlugin<unknown>[])];
}

export async function targetsCommand(flags: { json?: boolean }, { output }: CommandContext): Promise<number> {
  const plugins = await installedTargets();
  const rows = plugins.map((p) => ({
    name: p.name,
    contract: p.contract,
    capabilities: Object.fromEntries(CAPABILITIES.map((c) => [c, p.capabilities[c] ?? "unsupported"])),
  }));
  if (flags.json) output.out(json(rows));
  else
    output.out(
      table(
        ["target", ...CAPABILITIES],
        rows.map((r) => [r.name, ...CAPABILITIES.map((c) => r.capabilities[c] ?? "")]),
      ),
    );
  return 0;
}
