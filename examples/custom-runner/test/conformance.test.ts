import { spawn } from "node:child_process";
import { delimiter, dirname, join } from "node:path";
import { runConformance } from "@ferry/conformance";
import type { CompiledSpec } from "@ferry/core/plugin";
import { make } from "../src/index.ts";

/** The Makefile's targets and prerequisites, read with a regex, not with the plugin's code. */
function makefileDag(compiled: CompiledSpec) {
  const text = compiled.files.Makefile ?? "";
  const stepOf = new Map([...text.matchAll(/^# step (.+)\n(s\d+):/gm)].map((m) => [m[2] as string, m[1] as string]));
  const edges = [...text.matchAll(/^(s\d+):(.*)$/gm)].flatMap((m) =>
    (m[2] ?? "")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((dep) => [stepOf.get(dep) as string, stepOf.get(m[1] as string) as string] as const),
  );
  return { steps: [...stepOf.values()], edges };
}

runConformance({
  plugin: make,
  workdir: join(import.meta.dirname, "../.ferry-conformance/make"),
  harness: {
    options: () => ({ jobs: 2 }),
    invalidOptions: [{ jobs: 0 }, { jobs: 2, shell: "zsh" }],
    dag: makefileDag,
    // A bundle runs where it was unpacked, with the project's tools on PATH (as make's recipes do).
    runArtifact: (artifact, step) =>
      new Promise((resolve) => {
        const path = [dirname(process.execPath), join(import.meta.dirname, "../node_modules/.bin"), process.env.PATH];
        const [command = "ferry", ...args] = step.command;
        const child = spawn(command, args, {
          cwd: artifact.uri,
          env: { ...process.env, ...step.env, PATH: path.join(delimiter) },
          stdio: "ignore",
        });
        child.on("close", (code) => resolve(code ?? 1));
      }),
  },
});
