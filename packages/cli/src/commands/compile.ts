import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import type { CommandContext } from "../context.ts";
import { json } from "../render/output.ts";
import { planForTarget, type TargetFlags } from "./target.ts";

export interface CompileFlags extends TargetFlags {
  out?: string;
  runId?: string;
  json?: boolean;
}

/** Compile the pipeline for a target, offline, and write the plan and the native spec files. */
export async function compileCommand(flags: CompileFlags, { output }: CommandContext): Promise<number> {
  const { session, target, pipelineName, thePlan, runtime } = await planForTarget(
    flags,
    flags.runId ?? "compiled",
    output,
  );
  await runtime.preflight(thePlan);
  const compiled = await runtime.compile(thePlan);
  const out = resolve(flags.out ?? join(session.project.root, ".ferry", "compiled", target));
  const files = { "plan.json": `${JSON.stringify(thePlan, null, 2)}\n`, ...compiled.files };
  const written: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const path = join(out, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.tmp`, content);
    await rename(`${path}.tmp`, path);
    written.push(path);
  }
  if (flags.json) {
    output.out(json({ target, summary: compiled.summary, files: written }));
    return 0;
  }
  output.out(`Compiled '${pipelineName}' for ${target}: ${compiled.summary}`);
  for (const path of written) output.out(`  ${relative(process.cwd(), path) || path}`);
  return 0;
}
