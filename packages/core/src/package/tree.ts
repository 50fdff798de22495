import { createHash } from "node:crypto";
import {
  copyFileSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
} from "node:fs";
import { join } from "node:path";

export interface TreeDigest {
  /** `sha256:<hex>` over every path, its executable bit and its content (or link target). */
  readonly digest: string;
  readonly files: number;
  readonly bytes: number;
}

/**
 * The content digest of a folder: independent of timestamps, owners and the order the
 * file system lists entries in, so the same tree built twice has the same digest.
 */
export function treeDigest(dir: string): TreeDigest {
  const hash = createHash("sha256");
  let files = 0;
  let bytes = 0;
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel === "" ? name : `${rel}/${name}`;
      const abs = join(dir, path);
      const stat = lstatSync(abs);
      if (stat.isDirectory()) {
        hash.update(`d ${path}\n`);
        walk(path);
      } else if (stat.isSymbolicLink()) {
        hash.update(`l ${path} ${readlinkSync(abs)}\n`);
      } else {
        const content = readFileSync(abs);
        const exec = stat.mode & 0o111 ? "x" : "f";
        hash.update(`${exec} ${path} ${createHash("sha256").update(content).digest("hex")}\n`);
        files += 1;
        bytes += content.length;
      }
    }
  };
  walk("");
  return { digest: `sha256:${hash.digest("hex")}`, files, bytes };
}

/**
 * Recreate the tree at `src` in `dest` with hard links (a copy where linking fails, e.g.
 * across file systems). For immutable trees only: a write through one name shows in both.
 */
export function linkTree(src: string, dest: string): void {
  mkdirSync(dest, { recursive: true });
  for (const entry of readdirSync(src, { withFileTypes: true })) {
    const from = join(src, entry.name);
    const to = join(dest, entry.name);
    if (entry.isDirectory()) linkTree(from, to);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else {
      try {
        linkSync(from, to);
      } catch {
        copyFileSync(from, to);
      }
    }
  }
}
