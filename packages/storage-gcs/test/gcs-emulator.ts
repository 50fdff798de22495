import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

const bin = join(import.meta.dirname, "../../../.venv/bin/gcp-storage-emulator");
export const GCS_SETUP = "bash scripts/python/setup.sh";

/** Whether the test peer is installed; in CI its absence is a failure, locally a skip. */
export function gcsEmulatorMissing(): string | undefined {
  return existsSync(bin) ? undefined : `gcp-storage-emulator is not installed (${bin}); run ${GCS_SETUP}`;
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

/** The GCS emulator (JSON API) on a free loopback port, in memory. */
export async function startGcsEmulator(): Promise<{ endpoint: string; stop: () => void }> {
  const port = await freePort();
  const child: ChildProcess = spawn(bin, ["start", "--host", "127.0.0.1", "--port", String(port), "--in-memory"], {
    stdio: "ignore",
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await fetch(`${endpoint}/storage/v1/b?project=test`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`the GCS emulator did not start on ${endpoint}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { endpoint, stop: () => child.kill() };
}
