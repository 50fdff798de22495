import { existsSync } from "node:fs";
import { join } from "node:path";
import { startPeer } from "@ferry/repo-scripts/peers";

const motoServer = join(import.meta.dirname, "../../../.venv/bin/moto_server");

/** Why moto cannot run here, or undefined. In CI its absence is a failure, locally a skip. */
export function motoMissing(): string | undefined {
  return existsSync(motoServer) ? undefined : `moto is not installed (${motoServer}); run bash scripts/python/setup.sh`;
}

/** moto's server (ECR among its APIs) on a free loopback port. */
export async function startMoto(): Promise<{ endpoint: string; stop: () => void }> {
  const peer = await startPeer({
    name: "moto",
    command: motoServer,
    argsFor: (port) => ["-H", "127.0.0.1", "-p", String(port)],
    readyUrl: (port) => `http://127.0.0.1:${port}/moto-api/`,
  });
  return { endpoint: `http://127.0.0.1:${peer.port}`, stop: peer.stop };
}
