import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { type Bundle, buildBundle } from "@ferry/core/package";
import { buildImage } from "./image.ts";
import { type Layer, type LayerFile, layerFromDir, openLayer } from "./layer.ts";
import { pullImage } from "./pull.ts";
import { type PushOptions, type PushResult, pushImage } from "./push.ts";
import { parseReference } from "./reference.ts";

export interface PackageImageOptions extends PushOptions {
  /** A folder inside the project. */
  readonly cwd: string;
  /** Where to push: `registry/repository` (e.g. `us-docker.pkg.dev/proj/repo/spaceflights`). */
  readonly repository: string;
  /**
   * The base image: a Node 24 on linux/amd64. Pin it by digest (`…/node@sha256:…`) for
   * reproducible images; a tag is resolved to its digest at each build, and the result
   * reports the digest used. @default "docker.io/library/node:24-slim"
   */
  readonly base?: string | undefined;
  /** Where built deps layers are kept between builds. @default $FERRY_CACHE_DIR/layers (~/.cache/ferry/layers) */
  readonly cacheDir?: string | undefined;
}

/** A pushed image of the project, with what went into it and what each part cost. */
export interface ImagePackage extends PushResult {
  /** The base image used, pinned by digest (`registry/repository@sha256:…`). */
  readonly base: string;
  readonly bundle: Bundle;
  readonly layers: {
    readonly deps: { readonly digest: string; readonly size: number; readonly cached: boolean };
    readonly app: { readonly digest: string; readonly size: number };
  };
  /** Wall time per phase. */
  readonly seconds: { readonly bundle: number; readonly layers: number; readonly push: number };
}

/** Node 24 on Debian, slim: what `ferry package` images run on unless told otherwise. */
export const DEFAULT_BASE = "docker.io/library/node:24-slim";

/** Where the bundle goes in the image; its `bin` is on PATH, so a step's `ferry run-node …` runs as is. */
const APP = "/app";
const PATH = `${APP}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;

function cacheRoot(): string {
  return process.env.FERRY_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "ferry");
}

/**
 * The deps layer of a bundle: `node_modules` (100+ MB of native packages), rebuilt only when
 * the installed packages change. Cached by their content digest, which the lockfile decides.
 */
async function depsLayer(bundle: Bundle, cacheDir: string): Promise<{ layer: Layer; cached: boolean }> {
  const key = join(cacheDir, `deps-${bundle.deps.digest.slice("sha256:".length)}.json`);
  if (existsSync(key)) {
    const file = JSON.parse(readFileSync(key, "utf8")) as LayerFile;
    if (existsSync(file.path)) return { layer: openLayer(file), cached: true };
  }
  const layer = await layerFromDir(join(bundle.dir, "node_modules"), {
    prefix: `${APP.slice(1)}/node_modules`,
    outDir: cacheDir,
    createdBy: `ferry: deps ${Object.entries(bundle.deps.packages)
      .map(([name, version]) => `${name}@${version}`)
      .join(" ")} (lockfile ${bundle.deps.lockHash.slice(0, 19)})`,
  });
  const { digest, diffId, size, path, createdBy } = layer;
  writeFileSync(`${key}.tmp`, JSON.stringify({ digest, diffId, size, path, createdBy }));
  renameSync(`${key}.tmp`, key);
  return { layer, cached: false };
}

/**
 * Package the project as an OCI image and push it: the base, a deps layer (cached by the
 * lockfile, so re-pushes skip it) and an app layer (the bundle's code), with `/app/bin` on
 * PATH, `/app` as working directory and the bundle's launcher as entrypoint. Tagged with the
 * content hash; returns the digest every compiled spec should reference.
 */
export async function packageImage(options: PackageImageOptions): Promise<ImagePackage> {
  const t0 = performance.now();
  const requested = options.base ?? DEFAULT_BASE;
  // A tag is resolved to the digest it names now; the image then references that digest.
  const [bundle, base] = await Promise.all([
    buildBundle({ cwd: options.cwd }),
    parseReference(requested).digest ? requested : pullImage(requested, options).then((pulled) => pulled.ref),
  ]);
  const t1 = performance.now();
  const cacheDir = options.cacheDir ?? join(cacheRoot(), "layers");
  mkdirSync(cacheDir, { recursive: true });
  const deps = await depsLayer(bundle, cacheDir);
  const app = await layerFromDir(bundle.dir, {
    prefix: APP.slice(1),
    exclude: (path) => path === "node_modules",
    createdBy: `ferry: app (bundle ${bundle.digest.slice(0, 19)})`,
  });
  try {
    const image = await buildImage({
      ...options,
      base,
      layers: [deps.layer, app],
      config: {
        entrypoint: [`${APP}/bin/ferry`],
        cmd: ["--help"],
        env: { PATH, NODE_ENV: "production" },
        workingDir: APP,
        labels: { "dev.ferry.bundle": bundle.digest },
      },
    });
    const t2 = performance.now();
    const pushed = await pushImage(image, options.repository, options);
    const t3 = performance.now();
    return {
      ...pushed,
      base,
      bundle,
      layers: {
        deps: { digest: deps.layer.digest, size: deps.layer.size, cached: deps.cached },
        app: { digest: app.digest, size: app.size },
      },
      seconds: { bundle: (t1 - t0) / 1000, layers: (t2 - t1) / 1000, push: (t3 - t2) / 1000 },
    };
  } finally {
    await app.dispose();
  }
}
