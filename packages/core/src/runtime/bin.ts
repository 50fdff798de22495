#!/usr/bin/env node
// `ferry run-node` without the CLI: the entry the local target's process mode spawns.
// Its stdout is the JSON-lines event protocol, not human output.
import { enableCompileCache } from "node:module";

enableCompileCache();
const { runNodeCommand } = await import("./run-node-command.ts");
process.exitCode = await runNodeCommand(process.argv.slice(2), process.cwd(), (line) => {
  process.stdout.write(`${line}\n`);
});
