// The real Python kfp packages (repo venv, scripts/python/validate_kfp.py) as an independent
// check of compiled pipelines: @ferry/kfp's tests and each KFP-based runner's use it.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const repo = join(import.meta.dirname, "..");
const python = join(repo, ".venv/bin/python");
const script = join(repo, "scripts/python/validate_kfp.py");

/** Why the real validators cannot run here, or undefined when they can. */
export function validatorMissing(): string | undefined {
  if (!existsSync(python)) return `no Python venv at ${python}; run: bash scripts/python/setup.sh`;
  const probe = spawnSync(python, ["-c", "import kfp, kfp.pipeline_spec.pipeline_spec_pb2, kfp.kubernetes"], {
    encoding: "utf8",
  });
  return probe.status === 0
    ? undefined
    : `the venv lacks kfp (${probe.stderr.trim().split("\n").at(-1)}); run: bash scripts/python/setup.sh`;
}

/** What validate_kfp.py prints for a valid file. */
export interface Summary {
  readonly pipelineName: string;
  readonly schemaVersion: string;
  readonly sdkVersion: string;
  readonly tasks: Record<
    string,
    {
      readonly displayName: string;
      readonly component: string;
      readonly executor: string;
      readonly dependsOn: string[];
      readonly image: string;
      readonly command: string[];
      readonly args: string[];
      readonly env: Record<string, string>;
      readonly resources: Record<string, unknown>;
      readonly retryPolicy: Record<string, unknown> | null;
      readonly caching: boolean;
      readonly inputs: string[];
    }
  >;
  readonly parameters: Record<string, { type: string; default: unknown; optional: boolean }>;
  readonly platform: { kubernetes: Record<string, Record<string, unknown>> } | null;
  readonly sdkInputs: Record<string, string> | null;
}

/** Run validate_kfp.py on `text` written as `pipeline.<ext>`: its summary, or its error and exit code. */
export function runValidator(
  text: string,
  ext: "yaml" | "json",
  flags: readonly string[] = [],
): { ok: true; summary: Summary } | { ok: false; status: number | null; stderr: string } {
  const work = mkdtempSync(join(tmpdir(), "ferry-kfp-"));
  try {
    const file = join(work, `pipeline.${ext}`);
    writeFileSync(file, text);
    const run = spawnSync(python, [script, file, ...flags], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (run.status === 0) return { ok: true, summary: JSON.parse(run.stdout) as Summary };
    return { ok: false, status: run.status, stderr: run.stderr.replaceAll(work, "<tmp>") };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The summary of a file the validators must accept (throws with their message otherwise). */
export function validate(text: string, ext: "yaml" | "json" = "yaml", flags: readonly string[] = []): Summary {
  const result = runValidator(text, ext, flags);
  if (!result.ok) throw new Error(`validate_kfp.py rejected the spec (exit ${result.status}):\n${result.stderr}`);
  return result.summary;
}
