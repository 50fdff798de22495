import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FerryError, formatError } from "@ferry/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  authByRegistry,
  basicAuth,
  buildImage,
  extractImage,
  type Image,
  layerFromDir,
  pullImage,
  pushImage,
} from "../src/index.ts";
import { makeFixtures } from "./fixtures.ts";
import { registryMissing, startRegistry, type TestRegistry } from "./registry.ts";

const missing = registryMissing();
if (missing && process.env.CI) throw new Error(`${missing} (CI needs the registry test peer)`);

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error as FerryError,
  );

// The registry validates our Bearer tokens itself: RS256 JWTs from the test's token server,
// checked against the certificate in its rootcertbundle, with the access the token grants.
describe.skipIf(missing !== undefined)(
  `Bearer token flow against docker-registry${missing ? ` — skipped: ${missing}` : ""}`,
  () => {
    let baseRegistry: TestRegistry;
    let registry: TestRegistry;
    let image: Image;
    let work: string;
    beforeAll(async () => {
      [baseRegistry, registry] = await Promise.all([
        startRegistry({ auth: "htpasswd" }),
        startRegistry({ auth: "token", users: { reader: "reader-secret-pw" }, pullOnly: ["reader"] }),
      ]);
      const fixtures = await makeFixtures(32);
      work = fixtures.work;
      const outDir = join(work, "layers");
      const baseAuth = basicAuth({ username: baseRegistry.username, password: baseRegistry.password });
      const base = await pushImage(
        await buildImage({
          layers: [await layerFromDir(fixtures.rootfs, { outDir })],
          config: { entrypoint: ["/bin/sh"] },
        }),
        `${baseRegistry.host}/library/base`,
        { auth: baseAuth },
      );
      image = await buildImage({
        auth: baseAuth,
        base: base.ref,
        layers: [
          await layerFromDir(fixtures.deps, { prefix: "app", outDir }),
          await layerFromDir(fixtures.app, { prefix: "app", outDir }),
        ],
        config: { entrypoint: ["node", "main.js"], workingDir: "/app" },
      });
    });
    afterAll(async () => {
      await Promise.all([baseRegistry?.stop(), registry?.stop()]);
      if (work) await rm(work, { recursive: true, force: true });
    });

    it("pushes with tokens from the realm, copying the base's layers from the other registry, and pulls back", async () => {
      const auth = authByRegistry({
        [baseRegistry.host]: basicAuth({ username: baseRegistry.username, password: baseRegistry.password }),
        [registry.host]: basicAuth({ username: registry.username, password: registry.password }),
      });
      const before = registry.tokenRequests?.length ?? 0;
      const pushed = await pushImage(image, `${registry.host}/team/app`, { auth });
      expect(pushed.blobs.map((b) => b.action)).toEqual(["uploaded", "uploaded", "uploaded", "uploaded"]);
      // One token for the whole push: cached for its scope, not fetched per request.
      expect(registry.tokenRequests?.slice(before)).toEqual(["repository:team/app:pull,push"]);

      const root = await mkdtemp(join(tmpdir(), "ferry-oci-rootfs-"));
      try {
        const pulled = await extractImage(pushed.ref, root, { auth });
        expect(pulled.manifest.layers.map((l) => l.digest)).toEqual(image.manifest.layers.map((l) => l.digest));
        expect(await readFile(join(root, "etc/os-release"), "utf8")).toContain("Ferry Test Linux");
        expect(await readFile(join(root, "app/main.js"), "utf8")).toBe('console.log("v1");\n');
      } finally {
        await rm(root, { recursive: true, force: true });
      }
      const second = await pushImage(image, `${registry.host}/team/app`, { auth });
      expect(second.uploadedBytes).toBe(0);
    });

    it("says the token server refused the password, without showing it", async () => {
      const password = "not-the-password-4711";
      const error = await rejection(
        pushImage(image, `${registry.host}/team/app`, {
          auth: authByRegistry({
            [baseRegistry.host]: basicAuth({ username: baseRegistry.username, password: baseRegistry.password }),
            [registry.host]: basicAuth({ username: registry.username, password }),
          }),
        }),
      );
      expect(FerryError.is(error, "REGISTRY_AUTH_FAILED")).toBe(true);
      expect(error.message.replaceAll(registry.host, "<registry>")).toMatchInlineSnapshot(
        `"The image registry <registry> refused the credentials from the username/password given for user 'ferry' (its token server rejected them)."`,
      );
      expect(`${formatError(error)} ${JSON.stringify(error.details)} ${error.stack}`).not.toContain(password);
    });

    it("says access was denied when the identity may pull but not push", async () => {
      const auth = authByRegistry({
        [baseRegistry.host]: basicAuth({ username: baseRegistry.username, password: baseRegistry.password }),
        [registry.host]: basicAuth({ username: "reader", password: "reader-secret-pw" }),
      });
      const error = await rejection(pushImage(image, `${registry.host}/team/other`, { auth }));
      expect(FerryError.is(error, "REGISTRY_DENIED")).toBe(true);
      expect(error.message.replaceAll(registry.host, "<registry>")).toMatchInlineSnapshot(
        `"The image registry <registry> denied access to team/other:pull,push for the credentials from the username/password given for user 'reader'."`,
      );
      expect(error.hint).toMatchInlineSnapshot(
        `"Grant the identity push and pull on the repository (ECR: ecr:*Layer*/PutImage; Artifact Registry: roles/artifactregistry.writer; ACR: AcrPush; Snowflake: READ, WRITE ON IMAGE REPOSITORY), or use an identity that has them."`,
      );
      // pulling is what the reader may do
      const pushed = await pushImage(image, `${registry.host}/team/readable`, {
        auth: authByRegistry({
          [baseRegistry.host]: basicAuth({ username: baseRegistry.username, password: baseRegistry.password }),
          [registry.host]: basicAuth({ username: registry.username, password: registry.password }),
        }),
      });
      expect((await pullImage(pushed.ref, { auth })).digest).toBe(image.digest);
    });

    it("says credentials are needed when an anonymous token does not grant the access", async () => {
      const error = await rejection(pullImage(`${registry.host}/team/app@${image.digest}`));
      expect(FerryError.is(error, "REGISTRY_AUTH_FAILED")).toBe(true);
      expect(error.message.replaceAll(registry.host, "<registry>")).toMatchInlineSnapshot(
        `"The image registry <registry> needs credentials, and none were given."`,
      );
    });
  },
);
