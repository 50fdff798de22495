import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RegistryAuth } from "./auth/registry-auth.ts";
import { buildImage } from "./image.ts";
import { layerFromDir } from "./layer.ts";
import { pushImage } from "./push.ts";

/**
 * Push a tiny base image (one file, no Node) to `repository` and return its ref by digest:
 * for tests that package images where no base image can be pulled from the internet. Steps
 * of images built on it run the host's Node: give them `FERRY_NODE=process.execPath`.
 */
export async function pushTestBase(repository: string, auth?: RegistryAuth): Promise<string> {
  const rootfs = mkdtempSync(join(tmpdir(), "ferry-base-"));
  try {
    mkdirSync(join(rootfs, "etc"));
    writeFileSync(join(rootfs, "etc/os-release"), 'PRETTY_NAME="Ferry test base"\n');
    const image = await buildImage({ layers: [await layerFromDir(rootfs)], config: { entrypoint: ["/bin/sh"] } });
    return (await pushImage(image, repository, auth ? { auth } : {})).ref;
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
}

/**
 * Write a Docker config (`config.json`, as `docker login` does) holding `credentials` for
 * `host` into a new temporary folder, point `DOCKER_CONFIG` at it, and return the folder:
 * code that reads `docker login`'s credentials (`dockerConfigAuth`) then reaches a test registry.
 */
export function useDockerLogin(credentials: { host: string; username: string; password: string }): string {
  const dir = mkdtempSync(join(tmpdir(), "ferry-docker-"));
  const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64");
  writeFileSync(join(dir, "config.json"), JSON.stringify({ auths: { [credentials.host]: { auth } } }));
  process.env.DOCKER_CONFIG = dir;
  return dir;
}
