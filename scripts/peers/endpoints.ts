// How tests find the running peers: the endpoints file `node scripts/peers.ts` writes.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Endpoints, type PeerName, repoDir } from "./catalog.ts";

/** Where `peers.ts start`/`run` write the endpoints ($FERRY_PEERS overrides). */
export const ENDPOINTS_FILE = join(repoDir, ".peers", "endpoints.json");
export const START_PEERS = "node scripts/peers.ts start (or run the whole suite: npx --yes pnpm@12 test)";

/** The endpoints file's content: each running peer's endpoints and the supervising process. */
export type EndpointsFile = Partial<Endpoints> & { readonly pid: number };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A running peer's endpoints, or why there is none. In CI (`CI` set) a missing peer throws:
 * tests that need one fail there instead of skipping.
 */
export function peer<K extends PeerName>(
  name: K,
):
  | { readonly endpoints: Endpoints[K]; readonly skip?: undefined }
  | { readonly endpoints?: undefined; readonly skip: string } {
  const file = process.env.FERRY_PEERS ?? ENDPOINTS_FILE;
  let skip: string | undefined;
  if (!existsSync(file)) skip = `the test peers are not running (no ${file}); start them: ${START_PEERS}`;
  else {
    const content = JSON.parse(readFileSync(file, "utf8")) as EndpointsFile;
    const endpoints = content[name];
    if (!alive(content.pid)) skip = `the test peers in ${file} have stopped; start them: ${START_PEERS}`;
    else if (endpoints === undefined) skip = `the test peer '${name}' is not running; start it: ${START_PEERS}`;
    else return { endpoints: endpoints as Endpoints[K] };
  }
  if (process.env.CI) throw new Error(`CI needs the test peer '${name}': ${skip}`);
  return { skip };
}
