// Every test peer: a real, independent implementation of a service Ferry talks to, run as a
// local process. Versions are pinned where they are installed (requirements.txt for Python,
// package.json for npm, APT_PINS here for Debian). Later issues add kfp, Airflow, ... here.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import bcrypt from "bcryptjs";

export const repoDir = join(import.meta.dirname, "../..");
const venvBin = join(repoDir, ".venv/bin");
const npmBin = join(repoDir, "scripts/node_modules/.bin");

/** Debian packages the peers need, with the version every machine installs. */
export const APT_PINS: Readonly<Record<string, string>> = { "docker-registry": "2.8.2+ds1-1" };

/** What each peer writes to the endpoints file (and tests read). */
export interface Endpoints {
  /** moto's S3 (and other AWS APIs) server. */
  moto: { endpoint: string };
  /** gcp-storage-emulator: the GCS JSON API. */
  gcs: { endpoint: string; projectId: string };
  /** Azurite's blob service. */
  azurite: { endpoint: string; connectionString: string };
  /** Debian's docker-registry (distribution v2), htpasswd auth. */
  registry: { url: string; host: string; username: string; password: string };
}
export type PeerName = keyof Endpoints;

export interface PeerSpec<K extends PeerName> {
  readonly name: K;
  /** How it is installed, for messages. */
  readonly installedBy: string;
  readonly bin: string;
  /** Writes what the peer needs before it starts (config, credentials) into `dir`, its private folder. */
  prepare?(port: number, dir: string): void;
  /** Command line for `port`. */
  args(port: number, dir: string): string[];
  /** Answers (any HTTP status) once the peer is up. */
  readyUrl(port: number): string;
  endpoints(port: number, dir: string): Endpoints[K];
}

// Azurite's published development account (the same in every Azurite install).
const AZURITE_ACCOUNT = "devstoreaccount1";
const AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const REGISTRY_USER = "ferry";

export const PEERS: { readonly [K in PeerName]: PeerSpec<K> } = {
  moto: {
    name: "moto",
    installedBy: "bash scripts/python/setup.sh",
    bin: join(venvBin, "moto_server"),
    args: (port) => ["-H", "127.0.0.1", "-p", String(port)],
    readyUrl: (port) => `http://127.0.0.1:${port}/moto-api/`,
    endpoints: (port) => ({ endpoint: `http://127.0.0.1:${port}` }),
  },
  gcs: {
    name: "gcs",
    installedBy: "bash scripts/python/setup.sh",
    bin: join(venvBin, "gcp-storage-emulator"),
    args: (port) => ["start", "--host", "127.0.0.1", "--port", String(port), "--in-memory"],
    readyUrl: (port) => `http://127.0.0.1:${port}/storage/v1/b?project=test`,
    endpoints: (port) => ({ endpoint: `http://127.0.0.1:${port}`, projectId: "test" }),
  },
  azurite: {
    name: "azurite",
    installedBy: "npx --yes pnpm@12 install (azurite is a devDependency of scripts/)",
    bin: join(npmBin, "azurite-blob"),
    args: (port, dir) => [
      "--blobHost",
      "127.0.0.1",
      "--blobPort",
      String(port),
      "--location",
      dir,
      "--silent",
      "--skipApiVersionCheck",
      // Azurite flushes telemetry on exit; offline, that holds its exit for minutes.
      "--disableTelemetry",
    ],
    readyUrl: (port) => `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}?comp=list`,
    endpoints: (port) => {
      const endpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
      return {
        endpoint,
        connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${endpoint};`,
      };
    },
  },
  registry: {
    name: "registry",
    installedBy: `apt-get install docker-registry=${APT_PINS["docker-registry"]}`,
    bin: "/usr/bin/docker-registry",
    prepare: (port, dir) => {
      // A fresh password per start; the registry checks it against a bcrypt htpasswd file on
      // every request. Cost 5 (~3 ms a check; cost 10 took 115 ms a request here): cloud
      // registries check a bearer token per request, which is as cheap.
      const password = randomBytes(12).toString("base64url");
      writeFileSync(join(dir, "password"), password);
      writeFileSync(join(dir, "htpasswd"), `${REGISTRY_USER}:${bcrypt.hashSync(password, 5)}\n`);
      mkdirSync(join(dir, "data"), { recursive: true });
      writeFileSync(
        join(dir, "config.yml"),
        [
          "version: 0.1",
          "log: { level: error }",
          `storage: { filesystem: { rootdirectory: ${join(dir, "data")} }, delete: { enabled: true } }`,
          `http: { addr: "127.0.0.1:${port}" }`,
          `auth: { htpasswd: { realm: ferry-test, path: ${join(dir, "htpasswd")} } }`,
          "",
        ].join("\n"),
      );
    },
    args: (_port, dir) => ["serve", join(dir, "config.yml")],
    readyUrl: (port) => `http://127.0.0.1:${port}/v2/`,
    endpoints: (port, dir) => ({
      url: `http://127.0.0.1:${port}`,
      host: `127.0.0.1:${port}`,
      username: REGISTRY_USER,
      password: readFileSync(join(dir, "password"), "utf8"),
    }),
  },
};
