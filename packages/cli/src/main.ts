import { Command, CommanderError, Option } from "commander";
import type { CommandContext } from "./context.ts";
import { createOutput } from "./render/output.ts";

const collect = (value: string, previous: string[] = []) => [...previous, value];

// Commands load on use: `ferry --help` or `ferry --version` never loads the core or a plugin.
const commands = {
  run: () => import("./commands/run.ts"),
  compile: () => import("./commands/compile.ts"),
  package: () => import("./commands/package.ts"),
  explain: () => import("./commands/explain.ts"),
  list: () => import("./commands/list.ts"),
  runs: () => import("./commands/runs.ts"),
  targets: () => import("./commands/targets.ts"),
  install: () => import("./commands/install.ts"),
};

function projectOptions(command: Command): Command {
  return command
    .option("-e, --env <env>", "config environment: conf/<env> layered over conf/base")
    .option("--params <key=value>", "override a parameter (repeatable, or comma-separated)", collect)
    .option("--load-version <dataset=version>", "load this version of a versioned dataset (repeatable)", collect);
}

/** What runs and where: shared by run, compile and explain. */
function targetOptions(command: Command): Command {
  return projectOptions(
    command
      .option("-p, --pipeline <name>", "pipeline", "__default__")
      .option("-n, --nodes <names>", "only these nodes (comma-separated)", collect)
      .option("--from-nodes <names>", "these nodes and everything downstream", collect)
      .option("--to-nodes <names>", "these nodes and everything upstream", collect)
      .option("-t, --tags <tags>", "only nodes with any of these tags", collect)
      .option("--target <name>", "where to run: local, or an installed runner plugin", "local")
      .addOption(
        new Option("--group <strategy>", "how nodes become steps: none, tags (group:<name>), namespace, auto")
          .choices(["none", "tags", "namespace", "auto"])
          .default("none"),
      )
      .option("--parallel <n>", "local: up to n nodes (or steps) at once")
      .addOption(
        new Option(
          "--isolation <mode>",
          "local: thread (in this process) or process (one run-node process per step)",
        ).choices(["thread", "process"]),
      ),
  );
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

  targetOptions(root.command("run").description("Run a pipeline (locally by default)"))
    .option("--no-wait", "return once the run is submitted")
    .option("--emulate", "run against the target's local emulator instead of its cloud service")
    .action(async (flags) => setExit(await (await commands.run()).runCommand(flags, ctx)));

  targetOptions(root.command("compile").description("Compile a pipeline for a target (offline) and write its files"))
    .option("-o, --out <dir>", "where to write (default .ferry/compiled/<target>)")
    .option("--run-id <id>", "run id to compile for", "compiled")
    .option("--json", "print JSON")
    .action(async (flags) => setExit(await (await commands.compile()).compileCommand(flags, ctx)));

  targetOptions(
    root
      .command("package")
      .description("Package the project: the bundle a container runs, or with --target that target's artifact"),
  )
    .option("--json", "print JSON")
    .action(async (flags) => setExit(await (await commands.package()).packageCommand(flags, ctx)));

  targetOptions(
    root.command("schedule").description("Run a pipeline on a target on a cron schedule (created or replaced by name)"),
  )
    .requiredOption("--cron <expr>", "five-field cron: minute hour day-of-month month day-of-week")
    .option("--name <name>", "the schedule's name on the target (default: <project>[-<pipeline>])")
    .option("--timezone <zone>", "IANA time zone the cron is read in", "UTC")
    .option("--paused", "create it paused")
    .option("--json", "print JSON")
    .action(async (flags) => setExit(await (await commands.install()).installCommand("schedule", flags, ctx)));

  targetOptions(
    root.command("deploy").description("Upload a pipeline to a target as a named version its UI users can run"),
  )
    .option("--json", "print JSON")
    .action(async (flags) => setExit(await (await commands.install()).installCommand("deploy", flags, ctx)));

  targetOptions(root.command("explain").description("Show each step's nodes and where the target runs it"))
    .option("--json", "print JSON")
    .action(async (flags) => setExit(await (await commands.explain()).explainCommand(flags, ctx)));

  projectOptions(
    root
      .command("list")
      .description("List the project's pipelines, nodes, datasets or params")
      .argument("[what]", "pipelines | nodes | datasets | params", "pipelines")
      .option("-p, --pipeline <name>", "pipeline whose nodes/datasets to list")
      .option("--json", "print JSON"),
  ).action(async (what, flags) => setExit(await (await commands.list()).listCommand(what, flags, ctx)));

  root
    .command("run-node")
    .description("Run one step of a plan (what every target runs); prints JSON-lines events")
    .requiredOption("--plan <file|uri>", "the run's plan")
    .requiredOption("--step <id>", "the step to run")
    .requiredOption("--run-id <id>", "the run's id")
    .option("--param-json <key=json>", "replace a top-level parameter with a JSON value (repeatable)", collect)
    .option("--param-string <key=text>", "replace a top-level parameter with a string (repeatable)", collect)
    .action(async (flags) =>
      setExit(
        await (await import("@ferry/core")).runNodeCommand(
          [
            ...["--plan", flags.plan, "--step", flags.step, "--run-id", flags.runId],
            ...(flags.paramJson ?? []).flatMap((p: string) => ["--param-json", p]),
            ...(flags.paramString ?? []).flatMap((p: string) => ["--param-string", p]),
          ],
          process.cwd(),
          ctx.output.out,
        ),
      ),
    );

  root
    .command("targets")
    .description("List installed targets and their capabilities")
    .option("--json", "print JSON")
    .action(async (flags) => setExit(await (await commands.targets()).targetsCommand(flags, ctx)));

  root
    .command("runs")
    .description("List recorded runs, newest first")
    .addOption(new Option("--limit <n>", "how many runs").default("20"))
    .option("--json", "print JSON")
    .action(async (flags) => setExit(await (await commands.runs()).runsCommand(flags, ctx)));

  root
    .command("status")
    .description("Show a run's status and per-node timings")
    .argument("<run-id>", "run id (or a unique prefix)")
    .option("--json", "print JSON")
    .action(async (id, flags) => setExit(await (await commands.runs()).statusCommand(id, flags, ctx)));

  root
    .command("cancel")
    .description("Cancel a run (local: through the process running it; remote: through its target)")
    .argument("<run-id>", "run id (or a unique prefix)")
    .action(async (id) => setExit(await (await commands.runs()).cancelCommand(id, ctx)));

  root
    .command("logs")
    .description("Print a run's logs")
    .argument("<run-id>", "run id (or a unique prefix)")
    .option("-f, --follow", "keep printing as the target reports more (remote targets)")
    .action(async (id, flags) => setExit(await (await commands.runs()).logsCommand(id, flags, ctx)));

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
      const { exitCodeOf, formatError } = await import("@ferry/core");
      output.err(formatError(error));
      code = exitCodeOf(error);
    }
  } finally {
    process.off("SIGINT", onSigint);
  }
  return code;
}
