import { lstat, mkdtemp, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  basicAuth,
  buildImage,
  extractImage,
  type Image,
  type Layer,
  layerFromDir,
  MediaType,
  type PushResult,
  pullImage,
  pushImage,
} from "../src/index.ts";
import { makeFixtures, writeTree } from "./fixtures.ts";
import { startRecordingProxy } from "./proxy.ts";
import { registryMissing, startRegistry, type TestRegistry } from "./registry.ts";

const missing = registryMissing();
if (missing && process.env.CI) throw new Error(`${missing} (CI needs the registry test peer)`);

const actions = (result: PushResult) => result.blobs.map((b) => b.action);
const sizeOf = (image: Image, layer: number) => image.manifest.layers[layer]?.size ?? Number.NaN;

describe.skipIf(missing !== undefined)(
  `push and pull against docker-registry${missing ? ` — skipped: ${missing}` : ""}`,
  () => {
    let registry: TestRegistry;
    let fixtures: Awaited<ReturnType<typeof makeFixtures>>;
    let auth: ReturnType<typeof basicAuth>;
    let base: PushResult;
    let outDir: string;
    const appImage = async (app = fixtures.app, options: { outDir?: string } = {}) => {
      const layers: Layer[] = [
        await layerFromDir(fixtures.deps, { prefix: "app", outDir: options.outDir ?? outDir }),
        await layerFromDir(app, { prefix: "app", outDir: options.outDir ?? outDir }),
      ];
      return buildImage({
        auth,
        base: base.ref,
        layers,
        config: {
          entrypoint: ["node", "main.js"],
          env: { NODE_ENV: "production", PATH: "/app/node_modules/.bin:/usr/bin:/bin" },
          workingDir: "/app",
          labels: { "org.example.app": "v1" },
        },
      });
    };

    beforeAll(async () => {
      registry = await startRegistry({ auth: "htpasswd" });
      auth = basicAuth({ username: registry.username, password: registry.password });
      fixtures = await makeFixtures(48);
      outDir = join(fixtures.work, "layers");
      // No base image can be pulled from the internet here: build and push a tiny one first.
      const rootfs = await layerFromDir(fixtures.rootfs, { outDir });
      const image = await buildImage({
        layers: [rootfs],
        config: { entrypoint: ["/bin/sh"], env: { PATH: "/usr/local/bin:/usr/bin:/bin", LANG: "C.UTF-8" } },
      });
      base = await pushImage(image, `${registry.host}/ferry/base`, { auth });
    });
    afterAll(async () => {
      await registry?.stop();
      if (fixtures) await rm(fixtures.work, { recursive: true, force: true });
    });

    it("pushes an app image on a base (base layers mounted) and pulls back the same layers and files", async () => {
      const image = await appImage();
      const pushed = await pushImage(image, `${registry.host}/ferry/app`, { auth });
      expect(actions(pushed)).toEqual(["mounted", "uploaded", "uploaded", "uploaded"]);
      expect(pushed.ref).toBe(`${registry.host}/ferry/app@${image.digest}`);
      expect(pushed.tag).toBe(image.digest.slice(7, 23));
      expect(pushed.uploadedBytes).toBe(sizeOf(image, 1) + sizeOf(image, 2) + image.configBytes.length);

      const byTag = await pullImage(`${registry.host}/ferry/app:${pushed.tag}`, { auth });
      expect(byTag.digest).toBe(image.digest);
      expect(byTag.manifest.layers.map((l) => l.digest)).toEqual(image.manifest.layers.map((l) => l.digest));
      expect(byTag.config.rootfs.diff_ids).toEqual([
        ...(await pullImage(base.ref, { auth })).config.rootfs.diff_ids,
        ...image.layers.map((l) => l.diffId),
      ]);
      expect(byTag.config.config).toEqual({
        Env: ["PATH=/app/node_modules/.bin:/usr/bin:/bin", "LANG=C.UTF-8", "NODE_ENV=production"],
        Entrypoint: ["node", "main.js"],
        WorkingDir: "/app",
        Labels: { "org.example.app": "v1" },
      });

      const root = await mkdtemp(join(tmpdir(), "ferry-oci-rootfs-"));
      try {
        await extractImage(pushed.ref, root, { auth });
        expect(await readFile(join(root, "etc/os-release"), "utf8")).toContain("Ferry Test Linux");
        expect(await readFile(join(root, "app/main.js"), "utf8")).toBe('console.log("v1");\n');
        expect(await readFile(join(root, "app/node_modules/left-pad/blob.bin"))).toEqual(
          await readFile(join(fixtures.deps, "node_modules/left-pad/blob.bin")),
        );
        expect(await readlink(join(root, "bin"))).toBe("usr/bin");
        expect(await readlink(join(root, "app/node_modules/.bin/left-pad"))).toBe("../left-pad/index.js");
        expect((await lstat(join(root, "usr/local/bin/hello"))).mode & 0o777).toBe(0o755);
        expect((await lstat(join(root, "app/main.js"))).mode & 0o777).toBe(0o644);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });

    it("uploads nothing when the same image is pushed again", async () => {
      const image = await appImage();
      await pushImage(image, `${registry.host}/ferry/again`, { auth });
      const second = await pushImage(image, `${registry.host}/ferry/again`, { auth });
      expect(second.uploadedBytes).toBe(0);
      expect(actions(second)).toEqual(["skipped", "skipped", "skipped", "skipped"]);
    });

    it("uploads only the app layer and the config when only the app folder changed", async () => {
      const first = await appImage();
      await pushImage(first, `${registry.host}/ferry/changes`, { auth });
      await writeFile(join(fixtures.app, "main.js"), 'console.log("v2");\n');
      try {
        const second = await appImage();
        const pushed = await pushImage(second, `${registry.host}/ferry/changes`, { auth });
        expect(actions(pushed)).toEqual(["skipped", "skipped", "uploaded", "uploaded"]);
        expect(pushed.uploadedBytes).toBe(sizeOf(second, 2) + second.configBytes.length);
        expect(second.manifest.layers[1]).toEqual(first.manifest.layers[1]);
        expect(second.digest).not.toBe(first.digest);
      } finally {
        await writeFile(join(fixtures.app, "main.js"), 'console.log("v1");\n');
      }
    });

    it("uploads blobs above the threshold in PATCH chunks and smaller ones in one PUT, through relative Locations", async () => {
      const proxy = await startRecordingProxy(registry.url, { relativeLocations: true });
      try {
        const image = await appImage();
        const deps = { size: sizeOf(image, 1) };
        expect(deps.size).toBeGreaterThan(40_000);
        const pushed = await pushImage(image, `${proxy.host}/ferry/chunked`, {
          auth,
          monolithicMaxBytes: 20_000,
          chunkSize: 16_384,
        });
        // Through the proxy the registry has another name, so the base layer is copied from the base's registry.
        expect(actions(pushed)).toEqual(["uploaded", "uploaded", "uploaded", "uploaded"]);
        const patches = proxy.requests.filter((r) => r.method === "PATCH");
        expect(patches.map((r) => r.contentRange)).toEqual(
          Array.from(
            { length: Math.ceil(deps.size / 16_384) },
            (_, i) => `${i * 16_384}-${Math.min(deps.size, (i + 1) * 16_384) - 1}`,
          ),
        );
        // one PUT closes each upload: empty after the chunks, with the whole blob for the small ones
        const puts = proxy.requests.filter((r) => r.method === "PUT" && r.path.includes("/blobs/uploads/"));
        expect(puts.map((r) => r.contentLength).sort((a, b) => a - b)).toEqual(
          [0, sizeOf(image, 0), sizeOf(image, 2), image.configBytes.length].sort((a, b) => a - b),
        );

        const root = await mkdtemp(join(tmpdir(), "ferry-oci-rootfs-"));
        try {
          await extractImage(pushed.ref.replace(proxy.host, registry.host), root, { auth });
          expect(await readFile(join(root, "app/node_modules/left-pad/blob.bin"))).toEqual(
            await readFile(join(fixtures.deps, "node_modules/left-pad/blob.bin")),
          );
        } finally {
          await rm(root, { recursive: true, force: true });
        }
      } finally {
        proxy.stop();
      }
    });

    it("retries requests answered 429 or 503", async () => {
      let failed = 0;
      const proxy = await startRecordingProxy(registry.url, {
        fail: (method) => (method === "PUT" && failed++ < 2 ? (failed === 1 ? 429 : 503) : undefined),
      });
      try {
        const pushed = await pushImage(await appImage(), `${proxy.host}/ferry/retried`, { auth });
        expect(proxy.requests.filter((r) => r.status === 429 || r.status === 503)).toHaveLength(2);
        expect((await pullImage(pushed.ref.replace(proxy.host, registry.host), { auth })).digest).toBe(pushed.digest);
      } finally {
        proxy.stop();
      }
    });

    it("applies whiteouts when unpacking: a deleted file and an emptied folder stay gone", async () => {
      const upper = join(fixtures.work, "upper");
      await writeTree(upper, { "etc/.wh.os-release": "", "tmp/.wh..wh..opq": "", "tmp/new.txt": "new" });
      const image = await buildImage({
        auth,
        base: base.ref,
        layers: [await layerFromDir(upper, { outDir })],
        config: { entrypoint: ["/bin/sh"] },
      });
      const pushed = await pushImage(image, `${registry.host}/ferry/whiteouts`, { auth });
      const root = await mkdtemp(join(tmpdir(), "ferry-oci-rootfs-"));
      try {
        await extractImage(pushed.ref, root, { auth });
        expect(await readdir(join(root, "etc"))).toEqual([]);
        expect(await readdir(join(root, "tmp"))).toEqual(["new.txt"]);
        expect(await readFile(join(root, "usr/local/bin/hello"), "utf8")).toContain("echo hello");
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });

    it("builds the same manifest digest twice from the same folders", async () => {
      const a = await appImage(fixtures.app, { outDir: join(fixtures.work, "layers-a") });
      const b = await appImage(fixtures.app, { outDir: join(fixtures.work, "layers-b") });
      expect(b.layers.map((l) => l.digest)).toEqual(a.layers.map((l) => l.digest));
      expect(Buffer.from(b.manifestBytes).equals(Buffer.from(a.manifestBytes))).toBe(true);
      expect(b.digest).toBe(a.digest);
    });

    it("stores a manifest with the OCI image manifest's required fields and media types", async () => {
      // No OCI JSON schema ships in /work/shared/schemas and no validator is installed: the
      // required fields of image-spec's image-manifest-schema.json and config-schema.json, by hand.
      const image = await appImage();
      const pushed = await pushImage(image, `${registry.host}/ferry/schema`, { auth });
      const auth64 = Buffer.from(`${registry.username}:${registry.password}`).toString("base64");
      const response = await fetch(`${registry.url}/v2/ferry/schema/manifests/${pushed.tag}`, {
        headers: { authorization: `Basic ${auth64}`, accept: MediaType.ociManifest },
      });
      expect(response.headers.get("content-type")).toBe(MediaType.ociManifest);
      expect(response.headers.get("docker-content-digest")).toBe(pushed.digest);
      const manifest = (await response.json()) as Record<string, unknown>;
      const descriptor = (d: unknown) => {
        expect(d).toMatchObject({ mediaType: expect.stringMatching(/^[\w.+-]+\/[\w.+-]+$/), size: expect.any(Number) });
        expect((d as { digest: string }).digest).toMatch(/^sha256:[a-f0-9]{64}$/);
      };
      expect(manifest.schemaVersion).toBe(2);
      expect(manifest.mediaType).toBe(MediaType.ociManifest);
      descriptor(manifest.config);
      expect((manifest.config as { mediaType: string }).mediaType).toBe(MediaType.ociConfig);
      expect(Array.isArray(manifest.layers)).toBe(true);
      for (const layer of manifest.layers as unknown[]) {
        descriptor(layer);
        expect((layer as { mediaType: string }).mediaType).toBe(MediaType.ociLayerGzip);
      }
      const { config } = await pullImage(pushed.ref, { auth });
      expect(config).toMatchObject({ architecture: "amd64", os: "linux", rootfs: { type: "layers" } });
      expect(config.rootfs.diff_ids).toHaveLength((manifest.layers as unknown[]).length);
    });
  },
);
