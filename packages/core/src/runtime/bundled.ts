// The entry of a packaged bundle (see package/bundle.ts): the project's config module is
// compiled in, so nothing is imported from disk but the bundle's own files.
import { registerBundledProject } from "../project/load-project.ts";
import { runNodeCommand } from "./run-node-command.ts";

const USAGE =
  "Usage: ferry run-node --plan <file|uri> --step <id> --run-id <id> [--param-json <key>=<json>] [--param-string <key>=<text>]";

/**
 * Run `ferry <argv>` inside a bundle whose root folder is `root`: `run-node` (what every
 * step runs), `--version`, `--help`. Resolves to the exit status.
 */
export async function runBundled(
  module: Record<string, unknown>,
  root: string,
  argv: readonly string[],
  info: { readonly core: string },
): Promise<number> {
  registerBundledProject(root, module);
  const [command, ...rest] = argv;
  if (command === "--version") {
    const name = (module.config as { name?: string } | undefined)?.name ?? "project";
    process.stdout.write(`${name} bundle (@ferry/core ${info.core})\n`);
    return 0;
  }
  if (command === "--help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command !== "run-node") {
    const unknown = command === undefined ? "" : `Unknown command '${command}': a bundle runs steps only.\n`;
    process.stderr.write(`${unknown}${USAGE}\n`);
    return 2;
  }
  return runNodeCommand(rest, root, (line) => process.stdout.write(`${line}\n`));
}
