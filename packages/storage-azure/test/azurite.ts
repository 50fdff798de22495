import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPeer } from "@ferry/repo-scripts/peers";

const bin = join(import.meta.dirname, "../node_modules/.bin/azurite-blob");
// Azurite's published development account (the same in every Azurite install).
const ACCOUNT = "devstoreaccount1";
const KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/** Azurite's blob service on a free loopback port, with its data in a temp folder. */
export async function startAzurite(): Promise<{ connectionString: string; stop: () => void }> {
  const location = mkdtempSync(join(tmpdir(), "azurite-"));
  const peer = await startPeer({
    name: "Azurite",
    command: bin,
    argsFor: (port) => [
      "--blobHost",
      "127.0.0.1",
      "--blobPort",
      String(port),
      "--location",
      location,
      "--silent",
      "--skipApiVersionCheck",
    ],
    readyUrl: (port) => `http://127.0.0.1:${port}/${ACCOUNT}?comp=list`,
  });
  const endpoint = `http://127.0.0.1:${peer.port}/${ACCOUNT}`;
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=${endpoint};`,
    stop: () => {
      peer.stop();
      rmSync(location, { recursive: true, force: true });
    },
  };
}
