import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

const motoServer = join(import.meta.dirname, "../../../.venv/bin/moto_server");
export const MOTO_SETUP = "bash scripts/python/setup.sh";

/** Whether the test peer is installed; in CI its absence is a failure, locally a skip. */
export function motoMissing(): string | undefined {
  return existsSync(motoServer) ? undefined : `moto is not installed (${motoServer}); run ${MOTO_SETUP}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** moto's S3 server on a free loopback port; resolves once it answers. */
export async function startMoto(): Promise<{ endpoint: string; stop: () => void }> {
  const port = await freePort();
  const child: ChildProcess = spawn(motoServer, ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await fetch(`${endpoint}/moto-api/`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`moto did not start on ${endpoint}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { endpoint, stop: () => child.kill() };
}
