// The local target in image mode: `package` pushes the project's OCI image (deps + app
// layers on a base) to a real registry (docker-registry, a test peer), and the harness runs a
// step from the image pulled back and unpacked, with no container runtime.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalPlugin } from "@ferry/core";
import { basicAuth, buildImage, layerFromDir, packageImage, pushImage, runImageCommand } from "@ferry/oci";
import { peer } from "@ferry/repo-scripts/peers";
import { beforeAll, describe } from "vitest";
import { runConformance } from "../src/index.ts";
import { localDag } from "./local-dag.ts";

const registry = peer("registry");
const auth = registry.endpoints && basicAuth(registry.endpoints);
let base = "";

/** No base image can be pulled from the internet here: build a small one and push it. */
async function pushBase(host: string): Promise<string> {
  const rootfs = mkdtempSync(join(tmpdir(), "ferry-base-"));
  try {
    mkdirSync(join(rootfs, "etc"));
    writeFileSync(join(rootfs, "etc/os-release"), 'PRETTY_NAME="Ferry conformance base"\n');
    const image = await buildImage({ layers: [await layerFromDir(rootfs)], config: { entrypoint: ["/bin/sh"] } });
    return (await pushImage(image, `${host}/conformance/base`, { auth })).ref;
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
}

describe.skipIf(registry.skip !== undefined)(
  `local in image mode${registry.skip ? ` — skipped: ${registry.skip}` : ""}`,
  () => {
    beforeAll(async () => {
      base = await pushBase(registry.endpoints?.host ?? "");
    });

    runConformance({
      plugin: () => ({
        ...createLocalPlugin(),
        async package(ctx) {
          const pushed = await packageImage({
            cwd: ctx.projectRoot,
            repository: `${registry.endpoints?.host}/conformance/reference`,
            base,
            auth,
          });
          return { kind: "image", uri: pushed.ref, digest: pushed.digest };
        },
      }),
      workdir: join(import.meta.dirname, "../.ferry-conformance/local-image"),
      harness: {
        options: () => ({ isolation: "process" }),
        invalidOptions: [{ isolation: "container" }],
        dag: localDag,
        // The test base has no Node: the image's launcher runs this one (FERRY_NODE).
        runArtifact: (artifact, step) =>
          runImageCommand(artifact.uri ?? "", step.command, {
            auth,
            env: { ...step.env, FERRY_NODE: process.execPath },
            stdio: "ignore",
          }),
      },
      disable: {
        execute: "runs exactly as local in process mode (local-process.test.ts); this file proves the image",
        control: "as local-process.test.ts",
      },
    });
  },
);
