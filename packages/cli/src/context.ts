import { FerryError, openSession, type Session } from "@ferry/core";
import type { Output } from "./render/output.ts";

/** Options every project command accepts. */
export interface ProjectFlags {
  env?: string;
  params?: string[];
  loadVersion?: string[];
}

/** Split comma lists and repeated flags into one list. */
export function list(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

function loadVersions(specs: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    specs.map((spec) => {
      const [name = "", version = "", ...rest] = spec.split("=").map((p) => p.trim());
      if (!name || !version || rest.length > 0) {
        throw new FerryError("USAGE_INVALID", {
          message: `--load-version '${spec}' is not of the form dataset=version.`,
          hint: "Write --load-version regressor=2026-11-22T16.11.28.000Z (the version is a folder name under the dataset's path).",
        });
      }
      return [name, version];
    }),
  );
}

export function openProjectSession(flags: ProjectFlags): Promise<Session> {
  return openSession({
    cwd: process.cwd(),
    env: flags.env,
    params: flags.params,
    loadVersions: loadVersions(list(flags.loadVersion)),
  });
}

export interface CommandContext {
  readonly output: Output;
  readonly signal: AbortSignal;
}
