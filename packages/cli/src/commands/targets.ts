import { findProjectRoot, formatError, loadProject } from "@ferry/core";
import { type CapabilityName, installedTargetNames, loadTarget } from "@ferry/core/plugin";
import type { CommandContext } from "../context.ts";
import { json, table } from "../render/output.ts";

const CAPABILITIES: readonly CapabilityName[] = [
  "cancel",
  "logs",
  "schedule",
  "deploy",
  "gpu",
  "parallel",
  "retry",
  "explain",
];

/** Each installed target with its capabilities; a plugin that fails to load is listed with the reason. */
export async function targetsCommand(flags: { json?: boolean }, { output }: CommandContext): Promise<number> {
  const project = await loadProject(findProjectRoot(process.cwd()));
  const rows = await Promise.all(
    installedTargetNames(project).map(async (name) => {
      try {
        const p = await loadTarget(project, name);
        return {
          name,
          contract: p.contract,
          capabilities: Object.fromEntries(CAPABILITIES.map((c) => [c, p.capabilities[c] ?? "unsupported"])),
        };
      } catch (error) {
        return { name, error: formatError(error).split("\n").slice(0, 2).join(": ") };
      }
    }),
  );
  if (flags.json) {
    output.out(json(rows));
    return 0;
  }
  output.out(
    table(
      ["target", ...CAPABILITIES],
      rows.map((r) =>
        "error" in r
          ? [r.name, `not loadable — ${r.error}`]
          : [r.name, ...CAPABILITIES.map((c) => r.capabilities[c] ?? "")],
      ),
    ),
  );
  return 0;
}
