import { spawn } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { FerryError } from "@ferry/core";
import { extractImage, type PulledImage, pullImage } from "./pull.ts";
import type { RegistryOptions } from "./registry-client.ts";

export interface RunImageOptions extends RegistryOptions {
  /** Added to the image's environment (a key here wins). */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** Where unpacked images are kept, one folder per digest. @default $FERRY_CACHE_DIR/rootfs */
  readonly cacheDir?: string | undefined;
  /** Where the process's output goes. @default inherited, or `output` when given */
  readonly stdio?: "inherit" | "ignore" | undefined;
  /** Receives the process's output line by line (an emulator's logs). */
  readonly output?: ((line: string, stream: "stdout" | "stderr") => void) | undefined;
  /** Abort to stop the process (SIGTERM); it resolves to its exit status as usual. */
  readonly signal?: AbortSignal | undefined;
}

/** Unpacks under way in this process, by folder: concurrent runs of one image share one. */
const inFlight = new Map<string, Promise<PulledImage>>();

/**
 * Run `command` the way a container of the image `ref` (pinned by digest) would, without a
 * container runtime: the image is unpacked into a folder (once per digest), `command[0]` is
 * looked up on the image's PATH inside it, and the process starts in the image's working
 * directory with the image's environment, its PATH pointing into the folder. Nothing is
 * isolated: the process sees this machine's kernel, users and network, and its binaries run
 * only if they suit this machine (a Node from the image needs linux/amd64 and glibc).
 * Resolves to the exit status. For emulators and tests of images, not for untrusted ones.
 */
export async function runImageCommand(
  ref: string,
  command: readonly string[],
  options: RunImageOptions = {},
): Promise<number> {
  const digest = ref.match(/@(sha256:[0-9a-f]{64})$/)?.[1];
  if (!digest) {
    throw new FerryError("REGISTRY_NAME_INVALID", {
      message: `runImageCommand needs an image pinned by digest; got '${ref}'.`,
      hint: "Use the reference package returned: registry/repository@sha256:….",
    });
  }
  const cache = options.cacheDir ?? join(process.env.FERRY_CACHE_DIR ?? join(homedir(), ".cache", "ferry"), "rootfs");
  const rootfs = join(cache, digest.replace(":", "-"));
  mkdirSync(cache, { recursive: true });
  let unpacking = inFlight.get(rootfs);
  if (unpacking === undefined) {
    unpacking = (async () => {
      if (existsSync(rootfs)) return pullImage(ref, options);
      const partial = `${rootfs}.partial-${process.pid}`;
      try {
        const image = await extractImage(ref, partial, options);
        try {
          renameSync(partial, rootfs);
        } catch (error) {
          // Another process unpacked the same digest meanwhile: its folder is as good as ours.
          if (!existsSync(rootfs)) throw error;
        }
        return image;
      } finally {
        rmSync(partial, { recursive: true, force: true });
      }
    })().finally(() => inFlight.delete(rootfs));
    inFlight.set(rootfs, unpacking);
  }
  const pulled = await unpacking;
  const settings = pulled.config.config ?? {};
  const env: Record<string, string> = {};
  for (const entry of settings.Env ?? []) {
    const eq = entry.indexOf("=");
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  const path = (env.PATH ?? "/usr/local/bin:/usr/bin:/bin").split(":").map((dir) => join(rootfs, dir));
  env.PATH = [...path, ...(options.env?.PATH ?? "").split(":").filter(Boolean)].join(":");
  const [name = "", ...args] = command;
  const bin = name.includes("/") ? join(rootfs, name) : path.map((dir) => join(dir, name)).find((p) => existsSync(p));
  if (bin === undefined || !existsSync(bin)) {
    throw new FerryError("IMAGE_NOT_FOUND", {
      message: `'${name}' is not in the image ${ref} (looked on its PATH: ${env.PATH}).`,
      hint: "Check the step's command and the image's entrypoint and PATH.",
    });
  }
  const { PATH: _, ...extra } = options.env ?? {};
  options.signal?.throwIfAborted();
  const child = spawn(bin, args, {
    cwd: join(rootfs, settings.WorkingDir ?? "/"),
    env: { ...env, ...extra },
    stdio: options.output ? ["ignore", "pipe", "pipe"] : (options.stdio ?? "inherit"),
  });
  const output = options.output;
  if (output) {
    for (const stream of ["stdout", "stderr"] as const) {
      const from = child[stream];
      if (from)
        createInterface({ input: from, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (l) => output(l, stream));
    }
  }
  const stop = () => child.kill("SIGTERM");
  options.signal?.addEventListener("abort", stop, { once: true });
  return new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve(code ?? (signal ? 128 + (signal === "SIGTERM" ? 15 : 9) : 1)));
  }).finally(() => options.signal?.removeEventListener("abort", stop));
}
