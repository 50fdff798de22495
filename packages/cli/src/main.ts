import { exitCodeOf, formatError, runNodeCommand } from "@ferry/core";
import { Command, CommanderError, Option } from "commander";
import { listCommand } from "./commands/list.ts";
import { runCommand } from "./commands/run.ts";
import { runsCommand, statusCommand } from "./commands/runs.ts";
import { targetsCommand } from "./commands/targets.ts";
import type { CommandContext } from "./context.ts";
import { createOutput } from "./render/output.ts";

const collect = (value: string, previous: string[] = []) => [...previous, value];

function projectOptions(command: Command): Command {
  return command
    .option("-e, --env <env>", "config environment: conf/<env> layered over conf/base")
    .option("--params <key=value>", "override a parameter (repeatable, or comma-separated)", collect)
    .option("--load-version <dataset=version>", "load this version of a versioned dataset (repeatable)", collect);
}

/** Build the `ferry` program. Each action resolves to its exit code. */
function program(ctx: CommandContext, setExit: (code: number) => void): Command {
  const root = new Command("ferry")
    .description("Write a data/ML pipeline once, run it anywhere.")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.output.out(s.trimEnd()),
      writeErr: (s) => ctx.output.err(s.trimEnd()),
    });

  projectOptions(
    root
      .command("run")
      .description("Run a pipeline (locally by default)")
      .option("-p, --pipeline <name>", "pipeline to run", "__default__")
      .option("-n, --nodes <names>", "run only these nodes (comma-separated)", collect)
      .option("--from-nodes <names>", "run these nodes and everything downstream", collect)
      .option("--to-nodes <names>", "run these nodes and everything upstream", collect)
      .option("-t, --tags <tags>", "run only nodes with any of these tags", collect)
      .option("--parallel <n>", "run up to n nodes (or steps) at once")
      .addOption(
        new Option(
          "--isolation <mode>",
          "thread: nodes in this process; process: one run-node process per step",
        ).choices(["thread", "process"]),
      )
      .option("--target <name>", "where to run: local, or an installed runner plugin", "local")
      .option("--no-wait", "return once the run is submitted"),
  ).action(async (flags) => setExit(await runCommand(flags, ctx)));

  projectOptions(
    root
      .command("list")
      .description("List the project's pipelines, nodes, datasets or params")
      .argument("[what]", "pipelines | nodes | datasets | params", "pipelines")
      .option("-p, --pipeline <name>", "pipeline whose nodes/datasets to list")
      .option("--json", "print JSON"),
  ).action(async (what, flags) => setExit(await listCommand(what, flags, ctx)));

  root
    .command("run-node")
    .description("Run one step of a plan (what every target runs); prints JSON-lines events")
    .requiredOption("--plan <file|uri>", "the run's plan")
    .requiredOption("--step <id>", "the step to run")
    .requiredOption("--run-id <id>", "the run's id")
    .action(async (flags) =>
      setExit(
        await runNodeCommand(
          ["--plan", flags.plan, "--step", flags.step, "--run-id", flags.runId],
          process.cwd(),
          ctx.output.out,
        ),
      ),
    );

  root
    .command("targets")
    .description("List installed targets and their capabilities")
    .option("--json", "print JSON")
    .action(async (flags) => setExit(await targetsCommand(flags, ctx)));

  root
    .command("runs")
    .description("List recorded runs, newest first")
    .addOption(new Option("--limit <n>", "how many runs").default("20"))
    .option("--json", "print JSON")
    .action(async (flags) => setExit(await runsCommand(flags, ctx)));

  root
    .command("status")
    .description("Show a run's status and per-node timings")
    .argument("<run-id>", "run id (or a unique prefix)")
    .option("--json", "print JSON")
    .action(async (id, flags) => setExit(await statusCommand(id, flags, ctx)));

  for (const command of root.commands) command.exitOverride();
  return root;
}

/** Run the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const output = createOutput();
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    output.err("\nCancelling… (press Ctrl-C again to quit now)");
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  let code = 0;
  try {
    await program({ output, signal: controller.signal }, (c) => (code = c)).parseAsync(argv, {
      from: "user",
    });
  } catch (error) {
    if (error instanceof CommanderError) {
      code = error.exitCode === 0 ? 0 : 2;
    } else {
      output.err(formatError(error));
      code = exitCodeOf(error);
    }
  } finally {
    process.off("SIGINT", onSigint);
  }
  return code;
}
