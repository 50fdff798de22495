import { relative } from "node:path";
import type { CommandContext } from "../context.ts";
import { json } from "../render/output.ts";
import { planForTarget, type TargetFlags } from "./target.ts";

export interface PackageFlags extends TargetFlags {
  json?: boolean;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * Package the project: without --target (or with local), the bundle every container runs;
 * with a target, what that target's `package` phase makes of it (an image, an upload).
 */
export async function packageCommand(flags: PackageFlags, { output }: CommandContext): Promise<number> {
  if ((flags.target ?? "local") === "local") {
    const started = performance.now();
    const { buildBundle } = await import("@ferry/core/package");
    const bundle = await buildBundle({ cwd: process.cwd() });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (flags.json) {
      output.out(json({ kind: "bundle", ...bundle, seconds: Number(seconds) }));
      return 0;
    }
    const packages = Object.entries(bundle.deps.packages).map(([name, version]) => `${name}@${version}`);
    output.out(`Bundle ${bundle.digest} (${seconds} s)`);
    output.out(`  ${relative(process.cwd(), bundle.dir) || bundle.dir}`);
    output.out(`  app   ${mb(bundle.app.bytes)} in ${bundle.app.files} files`);
    output.out(`  deps  ${mb(bundle.deps.bytes)}${packages.length ? `: ${packages.join(", ")} (linux/x64)` : ""}`);
    output.out(
      `Run a step with Node 24: ${relative(process.cwd(), bundle.dir) || "."}/bin/ferry run-node --plan <uri> --step <id> --run-id <id>`,
    );
    return 0;
  }
  const { thePlan, runtime, target } = await planForTarget(flags, "package", output);
  await runtime.preflight(thePlan);
  const artifact = await runtime.package(thePlan);
  if (flags.json) {
    output.out(json({ target, ...artifact }));
    return 0;
  }
  output.out(
    artifact.kind === "none"
      ? `${target} packages nothing: it runs the project in place.`
      : `${artifact.kind === "image" ? "Image" : "Bundle"} for ${target}: ${artifact.uri ?? ""}${artifact.digest ? ` (${artifact.digest})` : ""}`,
  );
  return 0;
}
