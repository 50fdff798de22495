import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const bin = join(import.meta.dirname, "../node_modules/.bin/azurite-blob");
// Azurite's published development account (the same in every Azurite install).
const ACCOUNT = "devstoreaccount1";
const KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

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

/** Azurite's blob service on a free loopback port, with its data in a temp folder. */
export async function startAzurite(): Promise<{ connectionString: string; stop: () => void }> {
  const port = await freePort();
  const location = mkdtempSync(join(tmpdir(), "azurite-"));
  const child: ChildProcess = spawn(
    bin,
    [
      "--blobHost",
      "127.0.0.1",
      "--blobPort",
      String(port),
      "--location",
      location,
      "--silent",
      "--skipApiVersionCheck",
    ],
    { stdio: "ignore" },
  );
  const endpoint = `http://127.0.0.1:${port}/${ACCOUNT}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await fetch(`${endpoint}?comp=list`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`Azurite did not start on ${endpoint}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=${endpoint};`,
    stop: () => {
      child.kill();
      rmSync(location, { recursive: true, force: true });
    },
  };
}
