// The real Python kfp packages (repo venv, scripts/python/validate_kfp.py) as an independent
// check of what the plugin compiles, as @ferry/kfp's tests use them.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const repo = join(import.meta.dirname, "../../../..");
const python = join(repo, ".venv/bin/python");
const script = join(repo, "scripts/python/validate_kfp.py");

/** Why the validators cannot run here, or undefined when they can. */
export function validatorMissing(): string | undefined {
  if (!existsSync(python)) return `no Python venv at ${python}; run: bash scripts/python/setup.sh`;
  const probe = spawnSync(python, ["-c", "import kfp, kfp.pipeline_spec.pipeline_spec_pb2, kfp.kubernetes"], {
    encoding: "utf8",
  });
  return probe.status === 0 ? undefined : "the venv lacks kfp; run: bash scripts/python/setup.sh";
}

/** What validate_kfp.py reads back from a valid file (the parts these tests check). */
export interface Summary {
  readonly pipelineName: string;
  readonly tasks: Record<
    string,
    {
      readonly dependsOn: string[];
      readonly image: string;
      readonly command: string[];
      readonly resources: Record<string, unknown>;
    }
  >;
  readonly platform: { kubernetes: Record<string, Record<string, unknown>> } | null;
}

/** Validate a pipeline file's text; throws with the validators' message when they refuse it. */
export function validate(text: string): Summary {
  const dir = mkdtempSync(join(tmpdir(), "ferry-kfp-validate-"));
  try {
    const file = join(dir, "pipeline.yaml");
    writeFileSync(file, text);
    const run = spawnSync(python, [script, file], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`validate_kfp.py rejected the file (exit ${run.status}):\n${run.stderr}`);
    return JSON.parse(run.stdout) as Summary;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
