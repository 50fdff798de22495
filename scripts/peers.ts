// Test peers: install, start and stop the real services the tests talk to.
//   node scripts/peers.ts install            install every peer (pinned; retried)
//   node scripts/peers.ts start              start all on free loopback ports, write their
//                                            endpoints to .peers/endpoints.json, stop on Ctrl-C
//   node scripts/peers.ts run -- <command>   install, start, run the command with FERRY_PEERS
//                                            pointing at the endpoints, stop, exit with its status
// Tests read the endpoints with `peer(name)` (this module's export).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { APT_PINS, type Endpoints, PEERS, type PeerName } from "./peers/catalog.ts";
import { ENDPOINTS_FILE } from "./peers/endpoints.ts";
import { type Peer, startPeer } from "./peers/process.ts";

export type { Endpoints, PeerName } from "./peers/catalog.ts";
export { ENDPOINTS_FILE, peer, START_PEERS } from "./peers/endpoints.ts";
export { freePort, type Peer, startPeer } from "./peers/process.ts";

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

function sh(command: string, args: readonly string[]): number {
  return spawnSync(command, args, { stdio: "inherit" }).status ?? 1;
}

async function retry(what: string, attempt: () => number): Promise<void> {
  for (let n = 1; ; n++) {
    if (attempt() === 0) return;
    if (n === 3) throw new Error(`${what} failed 3 times.`);
    console.error(`${what} failed (attempt ${n}/3); retrying in ${n * 5} s…`);
    await new Promise((r) => setTimeout(r, n * 5000));
  }
}

/** Install every peer: the Python ones into .venv, the Debian ones with apt, check the npm ones. */
export async function install(): Promise<void> {
  const started = performance.now();
  // setup.sh retries pip itself.
  if (sh("bash", [join(import.meta.dirname, "python/setup.sh")]) !== 0)
    throw new Error("scripts/python/setup.sh failed.");
  for (const [pkg, version] of Object.entries(APT_PINS)) {
    // A removed package keeps its version (status "deinstall ok config-files"): check both.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
    const query = spawnSync("dpkg-query", ["-W", "-f=${Status}|${Version}", pkg], { encoding: "utf8" }).stdout;
    if (query === `install ok installed|${version}`) continue;
    const command = ["apt-get", "install", "-y", "--no-install-recommends", `${pkg}=${version}`];
    if (process.getuid?.() !== 0) throw new Error(`${pkg} ${version} is not installed; run: sudo ${command.join(" ")}`);
    await retry(`apt-get install ${pkg}`, () => {
      if (sh("apt-get", command.slice(1)) === 0) return 0;
      sh("apt-get", ["update", "-q"]); // a stale package index is the usual cause
      return 1;
    });
  }
  for (const spec of Object.values(PEERS)) {
    if (!existsSync(spec.bin))
      throw new Error(`${spec.name} is not installed at ${spec.bin}; run: ${spec.installedBy}`);
  }
  console.log(`peers: installed in ${seconds(started)}`);
}

/** Start every peer and write the endpoints file; resolves to a function that stops them all. */
export async function start(file: string = ENDPOINTS_FILE): Promise<() => void> {
  const started = performance.now();
  mkdirSync(dirname(file), { recursive: true });
  const scratch = mkdtempSync(join(dirname(file), "run-"));
  const running: Peer[] = [];
  const stop = () => {
    for (const p of running) p.stop();
    rmSync(file, { force: true });
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const endpoints: Partial<Endpoints> = {};
    await Promise.all(
      (Object.keys(PEERS) as PeerName[]).map(async (name) => {
        const spec = PEERS[name];
        const dir = join(scratch, name);
        mkdirSync(dir);
        const p = await startPeer({
          name,
          command: spec.bin,
          prepare: (port) => spec.prepare?.(port, dir),
          argsFor: (port) => spec.args(port, dir),
          readyUrl: spec.readyUrl,
        });
        running.push(p);
        Object.assign(endpoints, { [name]: spec.endpoints(p.port, dir) });
      }),
    );
    writeFileSync(`${file}.tmp`, `${JSON.stringify({ pid: process.pid, ...endpoints }, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
    const list = (Object.keys(endpoints) as PeerName[]).map((n) => `${n} :${running.find((p) => p.name === n)?.port}`);
    console.log(`peers: started in ${seconds(started)} (${list.join(", ")}); endpoints in ${file}`);
    return stop;
  } catch (error) {
    stop();
    throw error;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "install") {
    await install();
    return 0;
  }
  if (command === "start" || command === "run") {
    if (command === "run" && (rest[0] !== "--" || rest.length < 2)) {
      console.error("usage: node scripts/peers.ts run -- <command> [args...]");
      return 2;
    }
    await install();
    const stop = await start();
    const signals = ["SIGINT", "SIGTERM"] as const;
    if (command === "start") {
      console.log("peers: running; press Ctrl-C to stop them.");
      await new Promise<void>((resolve) => {
        for (const s of signals) process.once(s, () => resolve());
      });
      stop();
      return 0;
    }
    const [bin = "", ...args] = rest.slice(1);
    const child = spawn(bin, args, { stdio: "inherit", env: { ...process.env, FERRY_PEERS: ENDPOINTS_FILE } });
    for (const s of signals) process.on(s, () => child.kill(s));
    const code = await new Promise<number>((resolve) => {
      child.on("error", (error) => {
        console.error(`peers: could not run ${bin}: ${error.message}`);
        resolve(127);
      });
      child.on("close", (status, signal) => resolve(status ?? (signal ? 128 + 15 : 1)));
    });
    stop();
    return code;
  }
  console.error("usage: node scripts/peers.ts install | start | run -- <command> [args...]");
  return 2;
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`peers: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
