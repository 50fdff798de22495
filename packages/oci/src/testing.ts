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
