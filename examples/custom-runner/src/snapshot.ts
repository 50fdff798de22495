import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { join, relative } from "node:path";

const SKIP = new Set(["node_modules", ".ferry", ".ferry-conformance", ".git", "data", "dist"]);

function files(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = join(dir, name);
    const stat = statSync(path); // follows symlinks: a linked folder is part of the project
    return stat.isDirectory() ? files(root, path) : stat.isFile() ? [relative(root, path)] : [];
  });
}

/**
 * A content-addressed copy of the project's code and config (no data, no dependencies:
 * `node_modules` is linked) under `.ferry/make/snapshots/<sha256>`. Same sources, same path.
 */
export function snapshotProject(root: string): { path: string; digest: string } {
  const list = files(root).sort();
  const hash = createHash("sha256");
  for (const file of list)
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(join(root, file)))
      .update("\0");
  const digest = hash.digest("hex");
  const path = join(root, ".ferry", "make", "snapshots", digest);
  if (!existsSync(path)) {
    const temp = `${path}.tmp-${process.pid}`;
    for (const file of list) {
      mkdirSync(join(temp, file, ".."), { recursive: true });
      copyFileSync(join(root, file), join(temp, file)); // follows symlinks
    }
    if (existsSync(join(root, "node_modules"))) symlinkSync(join(root, "node_modules"), join(temp, "node_modules"));
    try {
      renameSync(temp, path);
    } catch {
      rmSync(temp, { recursive: true, force: true }); // another process made the same snapshot
    }
  }
  return { path, digest: `sha256:${digest}` };
}
