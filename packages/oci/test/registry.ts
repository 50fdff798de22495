// A real OCI registry (distribution v2, Debian's `docker-registry`) on a free loopback port,
// with htpasswd users or with token auth against a token server in this process.
import { existsSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPeer } from "@ferry/repo-scripts/peers";
// docker-registry's htpasswd needs bcrypt hashes.
import bcrypt from "bcryptjs";
import { startTokenServer, type TokenServer } from "./token-server.ts";

const BINARY = "/usr/bin/docker-registry";

/** Why the registry cannot run here, or undefined. In CI its absence is a failure, locally a skip. */
export function registryMissing(): string | undefined {
  return existsSync(BINARY)
    ? undefined
    : `docker-registry is not installed (${BINARY}); run sudo apt-get install docker-registry`;
}

export interface TestRegistry {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** 127.0.0.1:PORT, the registry part of image references */
  readonly host: string;
  readonly username: string;
  readonly password: string;
  /** With `auth: "token"`: the token server's URL (the registry's realm). */
  readonly realm?: string | undefined;
  /** With `auth: "token"`: the scopes of each token issued so far. */
  readonly tokenRequests?: readonly string[] | undefined;
  stop(): Promise<void>;
}

export interface RegistryOptions {
  /** htpasswd: Basic auth; token: Bearer tokens issued by a token server the registry trusts. */
  readonly auth: "htpasswd" | "token";
  /** More users besides the default one; with token auth, `pullOnly` users get only pull access. */
  readonly users?: Readonly<Record<string, string>>;
  readonly pullOnly?: readonly string[];
}

/** Start `docker-registry serve` with filesystem storage in a temp folder; `stop()` removes it. */
export async function startRegistry(options: RegistryOptions): Promise<TestRegistry> {
  const missing = registryMissing();
  if (missing) throw new Error(missing);
  const dir = await mkdtemp(join(tmpdir(), "ferry-registry-"));
  await mkdir(join(dir, "storage"));
  const username = "ferry";
  const password = `pw-${Math.random().toString(36).slice(2)}-secret`;
  const users = { [username]: password, ...options.users };
  let tokens: TokenServer | undefined;
  let auth: string;
  if (options.auth === "htpasswd") {
    const lines = Object.entries(users).map(([user, pw]) => `${user}:${bcrypt.hashSync(pw, 5)}`);
    await writeFile(join(dir, "htpasswd"), `${lines.join("\n")}\n`);
    auth = `  htpasswd:\n    realm: ferry-test\n    path: ${join(dir, "htpasswd")}\n`;
  } else {
    tokens = await startTokenServer({ dir, users, pullOnly: options.pullOnly ?? [] });
    auth = [
      "  token:",
      `    realm: ${tokens.realm}`,
      `    service: ${tokens.service}`,
      `    issuer: ${tokens.issuer}`,
      `    rootcertbundle: ${tokens.certPath}`,
      "",
    ].join("\n");
  }
  const configFor = (port: number) =>
    [
      "version: 0.1",
      "log:",
      "  level: error",
      "  accesslog:",
      "    disabled: true",
      "storage:",
      "  filesystem:",
      `    rootdirectory: ${join(dir, "storage")}`,
      "  delete:",
      "    enabled: true",
      "  maintenance:",
      "    uploadpurging:",
      "      enabled: false",
      "http:",
      `  addr: 127.0.0.1:${port}`,
      "  secret: ferry-test-secret",
      "auth:",
      auth,
    ].join("\n");
  const peer = await startPeer({
    name: "docker-registry",
    command: BINARY,
    argsFor: (port) => {
      const configPath = join(dir, `config-${port}.yml`);
      writeFileSync(configPath, configFor(port));
      return ["serve", configPath];
    },
    readyUrl: (port) => `http://127.0.0.1:${port}/v2/`,
  }).catch((error) => {
    tokens?.stop();
    throw error;
  });
  const host = `127.0.0.1:${peer.port}`;
  return {
    url: `http://${host}`,
    host,
    username,
    password,
    realm: tokens?.realm,
    tokenRequests: tokens?.issued,
    stop: async () => {
      peer.stop();
      tokens?.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
