import { openSession, type Session } from "@ferry/core";
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
    specs.map((s) => {
      const [name = "", version = ""] = s.split("=");
      return [name.trim(), version.trim()];
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
