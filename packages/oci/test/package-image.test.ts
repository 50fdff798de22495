// packageImage: a Ferry project as an image (base + deps layer + app layer), pushed to a real
// registry; runImageCommand runs a step's command from it without a container runtime.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FerryError } from "@ferry/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  basicAuth,
  buildImage,
  type ImagePackage,
  layerFromDir,
  packageImage,
  pullImage,
  pushImage,
  runImageCommand,
} from "../src/index.ts";
import { makeFixtures } from "./fixtures.ts";
import { registryMissing, startRegistry, type TestRegistry } from "./registry.ts";

const missing = registryMissing();
if (missing && process.env.CI) throw new Error(`${missing} (CI needs the registry test peer)`);

// A project inside this package, so `@ferry/core` resolves (core loads polars, a native package).
const CONFIG = `import { defineCatalog, defineConfig, json, node, pipeline } from "@ferry/core";
const ds = defineCatalog({ raw: json(), out: json() });
export const config = defineConfig({
  name: "tiny",
  catalog: ds,
  pipelines: { main: pipeline([node({ name: "copy", inputs: [ds.raw], outputs: ds.out, func: (raw) => ({ ...raw, copied: true }) })]) },
});
`;

// The first package installs polars and gzips its ~120 MB layer: slow on a busy 2-core machine.
describe.skipIf(missing !== undefined)(
  `packageImage against docker-registry${missing ? ` — skipped: ${missing}` : ""}`,
  { timeout: 240_000 },
  () => {
    let registry: TestRegistry;
    let auth: ReturnType<typeof basicAuth>;
    let base: string;
    let project: string;
    let cache: string;
    const pack = () =>
      packageImage({ cwd: project, repository: `${registry.host}/tiny`, base, auth, cacheDir: join(cache, "layers") });

    beforeAll(async () => {
      registry = await startRegistry({ auth: "htpasswd" });
      auth = basicAuth(registry);
      const fixtures = await makeFixtures();
      base = (
        await pushImage(
          await buildImage({ layers: [await layerFromDir(fixtures.rootfs)], config: { entrypoint: ["/bin/sh"] } }),
          `${registry.host}/base`,
          { auth },
        )
      ).ref;
      project = join(import.meta.dirname, ".projects", `image-${process.pid}`);
      mkdirSync(join(project, "data"), { recursive: true });
      writeFileSync(join(project, "ferry.config.ts"), CONFIG);
      writeFileSync(join(project, "data/raw.json"), '{"n":1}');
      mkdirSync(join(project, "conf/base"), { recursive: true });
      writeFileSync(
        join(project, "conf/base/catalog.yml"),
        "raw: { path: data/raw.json }\nout: { path: data/out.json }\n",
      );
      cache = mkdtempSync(join(tmpdir(), "ferry-cache-"));
    });
    afterAll(async () => {
      rmSync(project, { recursive: true, force: true });
      rmSync(cache, { recursive: true, force: true });
      await registry?.stop();
    });

    let first: ImagePackage;
    it("pushes base + deps + app layers with the bundle's launcher as entrypoint", async () => {
      first = await pack();
      expect(first.ref).toBe(`${registry.host}/tiny@${first.digest}`);
      expect(first.tag).toBe(first.digest.slice(7, 23));
      expect(first.layers.deps.cached).toBe(false);
      const pulled = await pullImage(first.ref, { auth });
      const layers = pulled.manifest.layers.map((l) => l.digest);
      expect(layers.slice(-2)).toEqual([first.layers.deps.digest, first.layers.app.digest]);
      expect(pulled.config.config).toMatchObject({
        Entrypoint: ["/app/bin/ferry"],
        WorkingDir: "/app",
        Labels: { "dev.ferry.bundle": first.bundle.digest },
      });
      expect(pulled.config.config?.Env).toContain(
        "PATH=/app/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      );
      expect(first.layers.deps.size, "polars' native binary, gzip'd").toBeGreaterThan(10_000_000);
    });

    it("re-pushes nothing for the same sources, and only the app layer for a code change", async () => {
      const same = await pack();
      expect(same.digest).toBe(first.digest);
      expect(same.uploadedBytes).toBe(0);
      expect(same.layers.deps.cached).toBe(true);
      writeFileSync(join(project, "ferry.config.ts"), `${CONFIG}export const changed = 1;\n`);
      const changed = await pack();
      expect(changed.digest).not.toBe(first.digest);
      expect(changed.layers.deps).toEqual({ ...first.layers.deps, cached: true });
      const uploaded = changed.blobs.filter((b) => b.action === "uploaded").map((b) => b.digest);
      expect(uploaded).toHaveLength(2); // the app layer and the config
      expect(uploaded).toContain(changed.layers.app.digest);
    });

    it("runs a step's command from the image, without a container runtime", async () => {
      const pushed = await pack();
      const plan = join(project, "plan.json");
      const { openSession, plan: makePlan } = await import("@ferry/core");
      const session = await openSession({ cwd: project });
      writeFileSync(
        plan,
        JSON.stringify(makePlan(session, session.pipeline("main"), { runId: "img", pipelineName: "main" })),
      );
      const code = await runImageCommand(
        pushed.ref,
        ["ferry", "run-node", "--plan", plan, "--step", "copy", "--run-id", "img"],
        {
          auth,
          env: { FERRY_NODE: process.execPath },
          cacheDir: join(cache, "rootfs"),
          stdio: "ignore",
        },
      );
      expect(code).toBe(0);
      expect(JSON.parse(readFileSync(join(project, "data/out.json"), "utf8"))).toEqual({ n: 1, copied: true });
    });

    it("resolves a base given by tag to the digest it names now, and reports it", async () => {
      const rootfs = (await makeFixtures()).rootfs;
      const image = await buildImage({ layers: [await layerFromDir(rootfs)], config: { entrypoint: ["/bin/sh"] } });
      const tagged = await pushImage(image, `${registry.host}/library/node:24-slim`, { auth });
      const pushed = await packageImage({
        cwd: project,
        repository: `${registry.host}/tiny`,
        base: `${registry.host}/library/node:24-slim`,
        auth,
        cacheDir: join(cache, "layers"),
      });
      expect(pushed.base).toBe(`${registry.host}/library/node@${tagged.digest}`);
      const pulled = await pullImage(pushed.ref, { auth });
      expect(pulled.manifest.layers[0]?.digest).toBe(image.manifest.layers[0]?.digest);
    });

    it("refuses an image not pinned by digest and a command the image does not have", async () => {
      const unpinned = await runImageCommand(`${registry.host}/tiny:latest`, ["ferry"]).catch((e: unknown) => e);
      expect(FerryError.is(unpinned, "REGISTRY_NAME_INVALID")).toBe(true);
      const absent = await runImageCommand(first.ref, ["python3", "-V"], {
        auth,
        cacheDir: join(cache, "rootfs"),
      }).catch((e: unknown) => e);
      expect(FerryError.is(absent, "IMAGE_NOT_FOUND")).toBe(true);
      expect((absent as FerryError).message).toContain("'python3' is not in the image");
    });
  },
);
