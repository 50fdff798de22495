import { createWriteStream } from "node:fs";
import { chmod, link, lstat, mkdir, readdir, readlink, realpath, rm, symlink } from "node:fs/promises";
import { join, posix } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Header } from "tar-stream";

const OPAQUE = ".wh..wh..opq";
const WHITEOUT = ".wh.";

/** `a/b/../c` → `a/c`, with `..` stopping at the root (as inside a chroot) and no leading `/`. */
export function cleanPath(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

/**
 * Writes tar entries of successive layers into a root folder the way a container runtime
 * unpacks an image, without ever writing outside the root: parent folders are resolved
 * component by component and symlinks among them are followed inside the root.
 */
export async function createTreeWriter(dir: string) {
  await mkdir(dir, { recursive: true });
  const root = await realpath(dir);
  const dirs = new Map<string, string>();

  /** The real folder for `rel` inside the root, creating missing folders. */
  const resolveDir = async (rel: string): Promise<string> => {
    const cached = dirs.get(rel);
    if (cached) return cached;
    let parts = cleanPath(rel).split("/").filter(Boolean);
    let done: string[] = [];
    for (let hops = 0; parts.length > 0; ) {
      const [part, ...rest] = parts as [string, ...string[]];
      const path = join(root, ...done, part);
      const stat = await lstat(path).catch(() => undefined);
      if (stat?.isSymbolicLink()) {
        if (++hops > 40) throw new Error(`Too many symlinks resolving ${rel}`);
        const target = await readlink(path);
        parts = cleanPath(target.startsWith("/") ? `${target}/${rest.join("/")}` : [...done, target, ...rest].join("/"))
          .split("/")
          .filter(Boolean);
        done = [];
        continue;
      }
      if (stat && !stat.isDirectory()) await rm(path, { force: true });
      if (!stat?.isDirectory()) await mkdir(path, { mode: 0o755 });
      done.push(part);
      parts = rest;
    }
    const resolved = join(root, ...done);
    dirs.set(rel, resolved);
    return resolved;
  };

  const drain = async (stream: AsyncIterable<unknown>) => {
    for await (const _ of stream) {
      // entries other than files carry no data
    }
  };

  return {
    /** A writer for the next layer; whiteouts in it apply to what earlier layers wrote. */
    layer() {
      const written = new Set<string>();
      return {
        async write(header: Header, stream: AsyncIterable<unknown>): Promise<void> {
          const name = cleanPath(header.name);
          if (!name) return drain(stream);
          const base = posix.basename(name);
          const parentRel = posix.dirname(name) === "." ? "" : posix.dirname(name);
          const parent = await resolveDir(parentRel);
          if (base === OPAQUE || base.startsWith(WHITEOUT)) {
            const victims =
              base === OPAQUE
                ? (await readdir(parent)).filter((child) => !written.has(parentRel ? `${parentRel}/${child}` : child))
                : [base.slice(WHITEOUT.length)];
            for (const victim of victims) await rm(join(parent, victim), { recursive: true, force: true });
            dirs.clear();
            return drain(stream);
          }
          const target = join(parent, base);
          const existing = await lstat(target).catch(() => undefined);
          const mode = (header.mode ?? 0o644) & 0o7777;
          written.add(name);
          switch (header.type) {
            case "directory":
              if (existing && !existing.isDirectory()) {
                await rm(target, { force: true });
                dirs.clear();
              }
              await mkdir(target, { recursive: true });
              await chmod(target, mode | 0o700);
              return drain(stream);
            case "file":
            case "contiguous-file":
              if (existing) await rm(target, { recursive: true, force: true });
              await pipeline(stream, createWriteStream(target, { mode: 0o600 }));
              await chmod(target, mode | 0o600);
              return;
            case "symlink":
              if (existing) await rm(target, { recursive: true, force: true });
              await symlink(header.linkname ?? "", target);
              dirs.clear();
              return drain(stream);
            case "link": {
              const source = cleanPath(header.linkname ?? "");
              const from = join(
                await resolveDir(posix.dirname(source) === "." ? "" : posix.dirname(source)),
                posix.basename(source),
              );
              if (existing) await rm(target, { recursive: true, force: true });
              await link(from, target);
              return drain(stream);
            }
            default:
              return drain(stream); // devices and FIFOs need root; nothing in an app image uses them
          }
        },
      };
    },
  };
}
