import { existsSync } from "node:fs";
import { join } from "node:path";
import { startPeer } from "@ferry/repo-scripts/peers";

const bin = join(import.meta.dirname, "../../../.venv/bin/gcp-storage-emulator");

/** Whether the test peer is installed; in CI its absence is a failure, locally a skip. */
export function gcsEmulatorMissing(): string | undefined {
  return existsSync(bin)
    ? undefined
    : `gcp-storage-emulator is not installed (${bin}); run bash scripts/python/setup.sh`;
}

/** The GCS emulator (JSON API) on a free loopback port, in memory. */
export async function startGcsEmulator(): Promise<{ endpoint: string; stop: () => void }> {
  const peer = await startPeer({
    name: "gcp-storage-emulator",
    command: bin,
    argsFor: (port) => ["start", "--host", "127.0.0.1", "--port", String(port), "--in-memory"],
    readyUrl: (port) => `http://127.0.0.1:${port}/storage/v1/b?project=test`,
  });
  return { endpoint: `http://127.0.0.1:${peer.port}`, stop: peer.stop };
}
