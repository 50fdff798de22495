import { rm } from "node:fs/promises";
import { join } from "node:path";
import { FerryError, formatError } from "@ferry/core";
import { freePort } from "@ferry/repo-scripts/peers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuth, buildImage, type Image, layerFromDir, pullImage, pushImage } from "../src/index.ts";
import { makeFixtures } from "./fixtures.ts";
import { startRecordingProxy } from "./proxy.ts";
import { registryMissing, startRegistry, type TestRegistry } from "./registry.ts";

const missing = registryMissing();
if (missing && process.env.CI) throw new Error(`${missing} (CI needs the registry test peer)`);

/** The error a promise rejects with, with the registry's port replaced so texts can be snapshotted. */
async function failure(
  promise: Promise<unknown>,
  hosts: string[],
): Promise<{ error: FerryError; code: string; message: string; hint: string }> {
  const error = await promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e,
  );
  if (!FerryError.is(error)) throw error;
  const scrub = (text: string) => hosts.reduce((t, host) => t.replaceAll(host, "<registry>"), text);
  return { error, code: error.code, message: scrub(error.message), hint: scrub(error.hint ?? "") };
}

/** Everything a user or a log could see of an error. */
const everything = (error: FerryError) => `${formatError(error)}\n${JSON.stringify(error.details)}\n${error.stack}`;

describe.skipIf(missing !== undefined)(`errors users can fix${missing ? ` — skipped: ${missing}` : ""}`, () => {
  let registry: TestRegistry;
  let image: Image;
  let work: string;
  beforeAll(async () => {
    registry = await startRegistry({ auth: "htpasswd" });
    const fixtures = await makeFixtures(1);
    work = fixtures.work;
    image = await buildImage({
      layers: [await layerFromDir(fixtures.app, { prefix: "app", outDir: join(work, "layers") })],
      config: { entrypoint: ["node", "/app/main.js"] },
    });
  });
  afterAll(async () => {
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("names the registry URL when nothing listens there", async () => {
    const host = `127.0.0.1:${await freePort()}`;
    const f = await failure(
      pushImage(image, `${host}/ferry/app`, { auth: basicAuth({ username: "u", password: "p" }) }),
      [host],
    );
    expect(f.code).toBe("REGISTRY_UNREACHABLE");
    expect(f.message).toMatchInlineSnapshot(`"Cannot reach the image registry at http://<registry> (ECONNREFUSED)."`);
    expect(f.hint).toMatchInlineSnapshot(
      `"Check the registry host in the image reference (the image registry option of the target) and that the registry is running and reachable from here (proxy, VPN, firewall)."`,
    );
  });

  it("says which credentials a registry refused, and never shows the password", async () => {
    const password = `${registry.password}-wrong`;
    const f = await failure(
      pushImage(image, `${registry.host}/ferry/app`, { auth: basicAuth({ username: registry.username, password }) }),
      [registry.host],
    );
    expect(f.code).toBe("REGISTRY_AUTH_FAILED");
    expect(f.message).toMatchInlineSnapshot(
      `"The image registry <registry> refused the credentials from the username/password given for user 'ferry'."`,
    );
    expect(f.hint).toMatchInlineSnapshot(
      `"Check the username and password for <registry> (test them with: docker login <registry>)."`,
    );
    expect(everything(f.error)).not.toContain(password);
    expect(everything(f.error)).not.toContain(Buffer.from(`${registry.username}:${password}`).toString("base64"));
  });

  it("says credentials are needed when none were given", async () => {
    const f = await failure(pushImage(image, `${registry.host}/ferry/app`), [registry.host]);
    expect(f.code).toBe("REGISTRY_AUTH_FAILED");
    expect(f.message).toMatchInlineSnapshot(
      `"The image registry <registry> needs a username and password, and none were given."`,
    );
  });

  it("says how to get a base image that is not in the registry", async () => {
    const auth = basicAuth({ username: registry.username, password: registry.password });
    const ref = `${registry.host}/ferry/nothing@sha256:${"0".repeat(64)}`;
    const f = await failure(buildImage({ auth, base: ref, layers: [], config: { entrypoint: ["x"] } }), [
      registry.host,
    ]);
    expect(f.code).toBe("IMAGE_NOT_FOUND");
    expect(f.message).toMatchInlineSnapshot(
      `"The base image <registry>/ferry/nothing@sha256:0000000000000000000000000000000000000000000000000000000000000000 is not in the registry."`,
    );
    expect(f.hint).toMatchInlineSnapshot(
      `"Push the base image to that registry first (e.g. crane copy <source> <ref>), or choose a base image that exists, pinned by digest."`,
    );
    expect(everything(f.error)).not.toContain(registry.password);
  });

  it("asks for a base pinned by digest", async () => {
    const f = await failure(
      buildImage({ base: `${registry.host}/ferry/base:latest`, layers: [], config: { entrypoint: ["x"] } }),
      [registry.host],
    );
    expect(f.code).toBe("REGISTRY_NAME_INVALID");
    expect(f.message).toMatchInlineSnapshot(
      `"The base image <registry>/ferry/base:latest is not pinned by digest, so builds would change when its tag moves."`,
    );
    expect(f.hint).toMatchInlineSnapshot(
      `"Pin it: <registry>/ferry/base@sha256:<digest> (crane digest <registry>/ferry/base:latest prints it)."`,
    );
  });

  it("rejects an invalid repository name before sending anything", async () => {
    const f = await failure(pushImage(image, `${registry.host}/Ferry/App`), [registry.host]);
    expect(f.code).toBe("REGISTRY_NAME_INVALID");
    expect(f.message).toMatchInlineSnapshot(
      `"'<registry>/Ferry/App' is not a valid image reference: the repository 'Ferry/App' must be lowercase path components of letters and digits separated by '.', '_', '__' or '-'."`,
    );
    expect(f.hint).toMatchInlineSnapshot(
      `"Write it as registry/repository, e.g. us-docker.pkg.dev/my-project/my-repo/app or 127.0.0.1:5000/app."`,
    );
  });

  it("refuses content that does not match its digest", async () => {
    const auth = basicAuth({ username: registry.username, password: registry.password });
    const pushed = await pushImage(image, `${registry.host}/ferry/tampered`, { auth });
    const proxy = await startRecordingProxy(registry.url, {
      tamper: (method, path, body) =>
        method === "GET" && path.endsWith(image.manifest.config.digest)
          ? Buffer.from(body.toString().replace("amd64", "arm64"))
          : undefined,
    });
    try {
      const f = await failure(pullImage(pushed.ref.replace(registry.host, proxy.host), { auth }), [proxy.host]);
      expect(f.code).toBe("IMAGE_DIGEST_MISMATCH");
      expect(f.message.replace(/sha256:[a-f0-9]{64}/g, "sha256:…")).toMatchInlineSnapshot(
        `"The config of <registry>/ferry/tampered@sha256:… should have digest sha256:… but has sha256:…."`,
      );
      expect(f.hint).toMatchInlineSnapshot(
        `"Something between here and the registry changed the bytes (a proxy, a broken mirror, a file changed while it was read); retry, and if it persists push the image again."`,
      );
    } finally {
      proxy.stop();
    }
  });

  it("says when an image to pull does not exist", async () => {
    const auth = basicAuth({ username: registry.username, password: registry.password });
    const f = await failure(pullImage(`${registry.host}/ferry/app:nope`, { auth }), [registry.host]);
    expect(f.code).toBe("IMAGE_NOT_FOUND");
    expect(f.message).toMatchInlineSnapshot(`"The image <registry>/ferry/app:nope is not in the registry."`);
  });
});
