import { exitCodeOf, FerryError, formatError, fromErrorInfo, type RunRecord, runPipeline } from "@ferry/core";
import type { CommandContext } from "../context.ts";
import { createLogger } from "../render/logger.ts";
import { duration } from "../render/output.ts";
import { createProgress } from "../render/progress.ts";
import { startTargetEmulator } from "./emulate.ts";
import { prepareTarget, type TargetFlags } from "./target.ts";

export interface RunFlags extends TargetFlags {
  wait?: boolean;
  emulate?: boolean;
}

/** The `ferry run` line that finishes a failed run from where it stopped. */
export function resumeCommand(record: RunRecord, flags: RunFlags): string {
  const parts = ["ferry run"];
  if (flags.pipeline && flags.pipeline !== "__default__") parts.push(`--pipeline=${flags.pipeline}`);
  if (flags.env) parts.push(`--env=${flags.env}`);
  for (const p of flags.params ?? [])
    parts.push(`--params=${/^[\w.,=:/-]+$/.test(p) ? p : `'${p.replaceAll("'", "'\\''")}'`}`);
  if (flags.parallel) parts.push(`--parallel=${flags.parallel}`);
  if (flags.isolation && flags.isolation !== "thread") parts.push(`--isolation=${flags.isolation}`);
  if (flags.group && flags.group !== "none") parts.push(`--group=${flags.group}`);
  if (flags.target && flags.target !== "local") parts.push(`--target=${flags.target}`);
  if (flags.emulate) parts.push("--emulate");
  parts.push(`--from-nodes=${(record.resumeFrom ?? []).join(",")}`);
  return parts.join(" ");
}

export async function runCommand(flags: RunFlags, { output, signal }: CommandContext): Promise<number> {
  const target = flags.target ?? "local";
  if (flags.wait === false && target === "local") {
    throw new FerryError("USAGE_INVALID", {
      message: "--no-wait does not apply to the local target: a local run lives in the process that started it.",
      hint: "Drop --no-wait, or run on a remote target.",
    });
  }
  if (flags.emulate && flags.wait === false) {
    throw new FerryError("USAGE_INVALID", {
      message: "--emulate runs the target's emulator in this process, so the run cannot outlive it (--no-wait).",
      hint: "Drop --no-wait.",
    });
  }
  const prepared = await prepareTarget(flags);
  const { session, plugin, pipelineName, filters } = prepared;
  const emulated = flags.emulate
    ? await startTargetEmulator(session, plugin, prepared.targetOptions, output)
    : undefined;
  const targetOptions = emulated ? emulated.options : prepared.targetOptions;
  const progress = createProgress(output);
  let record: RunRecord;
  try {
    record = await runPipeline({
      session,
      pipelineName,
      filters,
      grouping: flags.group,
      plugin,
      targetOptions,
      recordOptions: { ...flags },
      wait: flags.wait,
      logger: createLogger(output, plugin.name),
      signal,
      onProgress: progress.onProgress,
    });
  } finally {
    progress.stop();
    await emulated?.emulator.close();
  }
  const nodes = Object.values(record.nodes);
  const ok = nodes.filter((n) => n.status === "succeeded").length;
  const summary = `${ok}/${nodes.length} nodes in ${duration(record.durationMs ?? 0)} · run ${record.id}`;
  if (record.status === "succeeded") {
    output.out(`${output.style("green", "✔ Run succeeded")}: ${summary}`);
    return 0;
  }
  if (record.status === "queued" || record.status === "running") {
    output.out(`Submitted run ${record.id} to ${target}. Follow it with: ferry status ${record.id}`);
    return 0;
  }
  if (record.status === "cancelled") {
    output.err(`${output.style("yellow", "Run cancelled")}: ${summary}`);
    return 130;
  }
  const error = record.error ? fromErrorInfo(record.error) : undefined;
  output.err(`${output.style("red", "✖ Run failed")}: ${summary}`);
  if (error) output.err(formatError(error));
  if (record.resumeFrom?.length) output.err(`\nResume with:\n  ${resumeCommand(record, flags)}`);
  return error ? exitCodeOf(error) : 1;
}
