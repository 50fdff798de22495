// Start a test peer (an emulator or server run as a local process) on a free loopback port,
// and wait until it answers. Shared by every package whose tests need one.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export interface Peer {
  readonly name: string;
  readonly port: number;
  stop(): void;
}

/** Run `command` with the args `argsFor(port)` gives, until `readyUrl(port)` answers. */
export async function startPeer(options: {
  readonly name: string;
  readonly command: string;
  /** Runs once the port is chosen, before the peer starts (writes its config). */
  readonly prepare?: (port: number) => void;
  readonly argsFor: (port: number) => string[];
  readonly readyUrl: (port: number) => string;
  readonly timeoutMs?: number;
}): Promise<Peer> {
  const port = await freePort();
  options.prepare?.(port);
  const child: ChildProcess = spawn(options.command, options.argsFor(port), { stdio: "ignore" });
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    try {
      await fetch(options.readyUrl(port));
      return { name: options.name, port, stop: () => child.kill() };
    } catch {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill();
        throw new Error(`${options.name} did not start on port ${port}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
