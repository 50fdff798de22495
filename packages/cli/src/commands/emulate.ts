import type { Session } from "@ferry/core";
import { FerryError } from "@ferry/core";
import { loadEmulator, type RunnerPlugin, type TargetEmulator, validatePluginOptions } from "@ferry/core/plugin";
import { createLogger } from "../render/logger.ts";
import type { Output } from "../render/output.ts";

/** `--emulate`: start the target's emulator and return options that reach it. */
export async function startTargetEmulator(
  session: Session,
  plugin: RunnerPlugin<unknown>,
  targetOptions: unknown,
  output: Output,
): Promise<{ emulator: TargetEmulator; options: unknown }> {
  if (plugin.name === "local") {
    throw new FerryError("USAGE_INVALID", {
      message: "--emulate applies to remote targets: the local target already runs on this machine.",
      hint: "Drop --emulate, or add --target=<name>.",
    });
  }
  const start = await loadEmulator(session.project, plugin.name);
  const emulator = await start({
    projectRoot: session.project.root,
    options: targetOptions,
    logger: createLogger(output, `${plugin.name}-emulator`),
  });
  try {
    const options = await validatePluginOptions(plugin, emulator.options, `the ${plugin.name} emulator`);
    output.err(`Emulating ${plugin.name} at ${emulator.url}: nothing is sent to the cloud's pipeline service.`);
    return { emulator, options };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
