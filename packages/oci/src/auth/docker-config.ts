import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { FerryError } from "@ferry/core";
import { type Credentials, type CredentialsAuth, credentialsAuth } from "./registry-auth.ts";

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** Docker Hub's credentials live under its v1 index URL. */
const keysFor = (registry: string) =>
  registry === "docker.io" || registry === "registry-1.docker.io" || registry === "index.docker.io"
    ? ["https://index.docker.io/v1/", "index.docker.io", "docker.io"]
    : [registry, `https://${registry}`, `http://${registry}`, `https://${registry}/v1/`, `https://${registry}/v2/`];

/**
 * The credentials `docker login` saved: `auths` entries (`auth`, `username`/`password`,
 * `identitytoken`) of `$DOCKER_CONFIG/config.json` (default `~/.docker/config.json`), and the
 * credential helpers it names (`credHelpers`, `credsStore`: runs `docker-credential-<name> get`).
 * Registries with no entry are tried anonymously.
 */
export function dockerConfigAuth(options: { readonly path?: string } = {}): CredentialsAuth {
  const path = options.path ?? join(process.env.DOCKER_CONFIG ?? join(homedir(), ".docker"), "config.json");
  let config: Promise<DockerConfig> | undefined;
  const load = () => {
    config ??= readFile(path, "utf8").then(
      (text) => JSON.parse(text) as DockerConfig,
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return {};
        throw error;
      },
    );
    return config;
  };
  return credentialsAuth({
    source: path,
    hint: (registry) => `Log in again: docker login ${registry} (it writes ${path}).`,
    credentials: async (registry): Promise<Credentials | undefined> => {
      const cfg = await load();
      const helper = cfg.credHelpers?.[registry] ?? cfg.credsStore;
      for (const key of keysFor(registry)) {
        const entry = cfg.auths?.[key];
        if (!entry) continue;
        if (entry.identitytoken) return { identityToken: entry.identitytoken };
        if (entry.username && entry.password) return { username: entry.username, password: entry.password };
        if (entry.auth) {
          const decoded = Buffer.from(entry.auth, "base64").toString();
          const colon = decoded.indexOf(":");
          if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
        }
      }
      if (helper) return fromHelper(helper, registry === "docker.io" ? "https://index.docker.io/v1/" : registry);
      return undefined;
    },
  });
}

/** Ask `docker-credential-<helper> get` (the docker-credential-helpers protocol: server URL on stdin, JSON out). */
function fromHelper(helper: string, serverUrl: string): Promise<Credentials | undefined> {
  return new Promise((resolve, reject) => {
    const child = spawn(`docker-credential-${helper}`, ["get"], { stdio: ["pipe", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on("error", (error) =>
      reject(
        new FerryError("REGISTRY_AUTH_FAILED", {
          message: `Docker's credential helper docker-credential-${helper} could not run.`,
          hint: `Install docker-credential-${helper}, or remove "credsStore"/"credHelpers" from the Docker config and log in again.`,
          cause: error,
        }),
      ),
    );
    child.on("close", (code) => {
      if (code !== 0) return resolve(undefined); // "credentials not found in native keychain"
      try {
        const { Username, Secret } = JSON.parse(out) as { Username?: string; Secret?: string };
        if (!Secret) return resolve(undefined);
        resolve(Username === "<token>" ? { identityToken: Secret } : { username: Username ?? "", password: Secret });
      } catch {
        resolve(undefined);
      }
    });
    child.stdin.end(serverUrl);
  });
}
