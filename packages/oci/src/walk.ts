import { lstat, readdir, readlink } from "node:fs/promises";
import { join } from "node:path";

/** One entry of a folder tree, with its path relative to the root in POSIX form. */
export type TreeEntry =
  | { readonly kind: "directory"; readonly path: string }
  | {
      readonly kind: "file";
      readonly path: string;
      readonly absolute: string;
      readonly size: number;
      readonly executable: boolean;
    }
  | { readonly kind: "symlink"; readonly path: string; readonly target: string };

/**
 * The tree under `root`, depth first, each folder's entries sorted by name (UTF-16 code
 * units, the same on every machine). Symlinks are reported, not followed; sockets, FIFOs and
 * devices are left out. `exclude` skips an entry (and a folder's whole subtree).
 */
export async function* walkTree(
  root: string,
  exclude: (path: string, isDirectory: boolean) => boolean = () => false,
  relative = "",
): AsyncGenerator<TreeEntry> {
  const names = (await readdir(join(root, relative))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const path = relative ? `${relative}/${name}` : name;
    const absolute = join(root, path);
    const stat = await lstat(absolute);
    if (exclude(path, stat.isDirectory())) continue;
    if (stat.isDirectory()) {
      yield { kind: "directory", path };
      yield* walkTree(root, exclude, path);
    } else if (stat.isFile()) {
      yield { kind: "file", path, absolute, size: stat.size, executable: (stat.mode & 0o111) !== 0 };
    } else if (stat.isSymbolicLink()) {
      yield { kind: "symlink", path, target: await readlink(absolute) };
    }
  }
}
