import { type RegistryAuth, runImageCommand } from "@ferry/oci";
import type { ContainerRunner, TaskLaunch } from "./execute.ts";

export interface ImageRunnerOptions {
  /** Credentials of the registries the tasks' images come from. */
  readonly auth?: RegistryAuth | undefined;
  /** Added to every task's environment, under the task's own variables. */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** Each line a task prints. */
  readonly output?: ((launch: TaskLaunch, line: string, stream: "stdout" | "stderr") => void) | undefined;
}

/**
 * Runs each task from its image without a container runtime (`runImageCommand`): the image
 * is pulled and unpacked once, the command runs as a process of this machine with this
 * process's environment (a cloud task has its service account's), then the emulator's `env`,
 * then the task's. A failure's message is the step's own last error (`ferry run-node` prints
 * it as a JSON event), else its last line of output.
 */
export function imageRunner(options: ImageRunnerOptions = {}): ContainerRunner {
  const { PATH: _, ...inherited } = process.env;
  return async (launch, signal) => {
    let last = "";
    let reported: string | undefined;
    const exitCode = await runImageCommand(launch.image, launch.argv, {
      ...(options.auth ? { auth: options.auth } : {}),
      env: { ...(inherited as Record<string, string>), ...options.env, ...launch.env },
      signal,
      output: (line, stream) => {
        options.output?.(launch, line, stream);
        if (line.trim() !== "") last = line;
        if (line.startsWith('{"type":"error"')) reported = errorMessage(line) ?? reported;
      },
    });
    return { exitCode, message: exitCode === 0 ? undefined : (reported ?? (last || undefined)) };
  };
}

function errorMessage(line: string): string | undefined {
  try {
    const event = JSON.parse(line) as { error?: { message?: unknown; node?: unknown } };
    const message = event.error?.message;
    return typeof message === "string" ? message : undefined;
  } catch {
    return undefined;
  }
}
