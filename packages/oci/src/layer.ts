import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, openAsBlob, type ReadStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { type Pack, pack as tarPack } from "tar-stream";
import { DigestStream } from "./digest.ts";
import { MediaType } from "./media-types.ts";
import { type TreeEntry, walkTree } from "./walk.ts";

/** A gzip'd tar layer on disk, ready to push. */
export interface Layer {
  readonly mediaType: typeof MediaType.ociLayerGzip;
  /** sha256 of the gzip'd tar: the blob's name in registries. */
  readonly digest: string;
  /** sha256 of the uncompressed tar: the image config's `rootfs.diff_ids` entry. */
  readonly diffId: string;
  /** Bytes of the gzip'd tar. */
  readonly size: number;
  /** The gzip'd tar on disk, named by its digest. */
  readonly path: string;
  /** The image history line for this layer. */
  readonly createdBy: string;
  /** Stream the blob. */
  open(): ReadStream;
  /** The blob as a file-backed Blob (read lazily, sliceable for chunked uploads). */
  blob(): Promise<Blob>;
  /** Delete the file. */
  dispose(): Promise<void>;
}

/** A folder and where its contents go in the image. */
export interface LayerSource {
  readonly dir: string;
  /** Where the folder's contents go in the image (`"app"` → `/app/...`). @default "" (the image root) */
  readonly prefix?: string | undefined;
  /** Leave out entries by their path relative to the folder (`node_modules/.cache`); excluding a folder skips its subtree. */
  readonly exclude?: ((path: string, isDirectory: boolean) => boolean) | undefined;
}

export interface LayerOptions extends Omit<LayerSource, "dir"> {
  /** Folder for the layer file. @default `<os tmpdir>/ferry-oci-layers` */
  readonly outDir?: string | undefined;
  /** gzip level, 1 (fast) to 9 (small). @default 6 */
  readonly compressionLevel?: number | undefined;
  /** The image history line. @default `ferry: layer /<prefix>` */
  readonly createdBy?: string | undefined;
}

const EPOCH = new Date(0);
const GZIP_OS_BYTE = 9;

/**
 * A deterministic layer from a folder: the tree placed under `prefix` (its parent folders
 * included), entries in sorted order, mtime 0, uid/gid 0, no user/group names, modes 0755
 * for folders and executables and 0644 for other files, symlinks kept as symlinks. The tar
 * is streamed through gzip to a file, hashed on the way, never held in memory. The same
 * tree gives the same digest on any machine with the same zlib (the gzip header's OS byte
 * is fixed to 255 "unknown", as Go's compress/gzip writes it).
 */
export function layerFromDir(dir: string, options: LayerOptions = {}): Promise<Layer> {
  return layerFromDirs([{ dir, prefix: options.prefix, exclude: options.exclude }], options);
}

/**
 * One layer from several folders, each under its own prefix, in the order given (the same
 * normalization as {@link layerFromDir}; a parent folder shared by prefixes is written once).
 */
export async function layerFromDirs(
  sources: readonly LayerSource[],
  options: Omit<LayerOptions, keyof LayerSource> = {},
): Promise<Layer> {
  const prefixes = sources.map((s) => (s.prefix ?? "").replace(/^\/+|\/+$/g, ""));
  const outDir = options.outDir ?? join(tmpdir(), "ferry-oci-layers");
  await mkdir(outDir, { recursive: true });
  const temp = join(outDir, `.partial-${randomUUID()}`);
  const pack = tarPack();
  const diff = new DigestStream();
  const blob = new DigestStream();
  try {
    await Promise.all([
      writeEntries(
        pack,
        sources.map((source, i) => ({ ...source, prefix: prefixes[i] ?? "" })),
      ).then(
        () => pack.finalize(),
        (error: unknown) => {
          pack.destroy(error as Error);
          throw error;
        },
      ),
      pipeline(
        pack,
        diff,
        createGzip({ level: options.compressionLevel ?? 6 }),
        fixGzipHeader(),
        blob,
        createWriteStream(temp),
      ),
    ]);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const digest = blob.digest;
  const path = join(outDir, `${digest.replace(":", "-")}.tar.gz`);
  await rename(temp, path);
  return openLayer({
    digest,
    diffId: diff.digest,
    size: blob.size,
    path,
    createdBy: options.createdBy ?? `ferry: layer ${prefixes.map((p) => `/${p}`).join(" ")}`,
  });
}

/** What identifies a layer file on disk: enough to keep it between builds (a cache entry). */
export type LayerFile = Pick<Layer, "digest" | "diffId" | "size" | "path" | "createdBy">;

/** A layer built earlier, from its file and the facts {@link layerFromDir} reported. */
export function openLayer(file: LayerFile): Layer {
  const { path } = file;
  return {
    mediaType: MediaType.ociLayerGzip,
    ...file,
    open: () => createReadStream(path),
    blob: () => openAsBlob(path),
    dispose: () => rm(path, { force: true }),
  };
}

async function writeEntries(pack: Pack, sources: readonly (LayerSource & { prefix: string })[]): Promise<void> {
  const written = new Set<string>();
  for (const source of sources) {
    const parts = source.prefix ? source.prefix.split("/") : [];
    for (let i = 1; i <= parts.length; i++) {
      const path = parts.slice(0, i).join("/");
      if (written.has(path)) continue;
      written.add(path);
      await addEntry(pack, { kind: "directory", path }, "");
    }
    for await (const entry of walkTree(source.dir, source.exclude)) {
      if (entry.kind === "directory") {
        const path = source.prefix ? `${source.prefix}/${entry.path}` : entry.path;
        if (written.has(path)) continue;
        written.add(path);
      }
      await addEntry(pack, entry, source.prefix);
    }
  }
}

function addEntry(pack: Pack, entry: TreeEntry, prefix: string): Promise<void> {
  const name = prefix ? `${prefix}/${entry.path}` : entry.path;
  const common = { mtime: EPOCH, uid: 0, gid: 0, uname: "", gname: "" };
  return new Promise((resolve, reject) => {
    const done = (error?: Error | null) => (error ? reject(error) : resolve());
    if (entry.kind === "directory") {
      pack.entry({ ...common, name: `${name}/`, type: "directory", mode: 0o755 }, done);
    } else if (entry.kind === "symlink") {
      pack.entry({ ...common, name, type: "symlink", mode: 0o777, linkname: entry.target }, done);
    } else {
      const sink = pack.entry(
        { ...common, name, type: "file", mode: entry.executable ? 0o755 : 0o644, size: entry.size },
        (error) =>
          done(error && /size/i.test(error.message) ? new Error(`${entry.absolute} changed while it was read`) : error),
      );
      const source = createReadStream(entry.absolute);
      source.on("error", reject);
      source.pipe(sink);
    }
  });
}

/** Rewrite the gzip header's OS byte (zlib writes the build platform's) so digests match across machines. */
function fixGzipHeader(): Transform {
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      if (offset <= GZIP_OS_BYTE && offset + chunk.length > GZIP_OS_BYTE) chunk[GZIP_OS_BYTE - offset] = 255;
      offset += chunk.length;
      callback(null, chunk);
    },
  });
}
