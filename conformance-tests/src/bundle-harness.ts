import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ArtifactRef, PlanStep } from "@ferry/core/plugin";

/**
 * `Harness.runArtifact` for targets whose artifact is a bundle folder (`ferry package`):
 * copies it into an empty temp folder outside the project and runs the step's command
 * there with nothing on PATH but Node (and the shell), as a stock `node:24` container would.
 */
export async function runBundleArtifact(artifact: ArtifactRef, step: PlanStep): Promise<number> {
  if (artifact.kind !== "bundle" || !artifact.uri?.startsWith("file:")) {
    throw new Error(`runBundleArtifact runs local bundle folders; got ${artifact.kind} ${artifact.uri ?? ""}`);
  }
  const dir = mkdtempSync(join(tmpdir(), "ferry-bundle-"));
  try {
    cpSync(fileURLToPath(artifact.uri), dir, { recursive: true, dereference: true });
    const [command, ...args] = step.command;
    if (command !== "ferry") throw new Error(`Step ${step.id} runs '${command}', not ferry.`);
    const child = spawn(join(dir, "bin", "ferry"), args, {
      cwd: dir,
      stdio: ["ignore", "ignore", "inherit"],
      env: { PATH: [dirname(process.execPath), "/usr/bin", "/bin"].join(":"), HOME: dir, ...step.env },
    });
    return await new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) => resolve(code ?? 1));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
