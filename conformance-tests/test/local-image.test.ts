// The local target in image mode: `package` pushes the project's OCI image (deps + app
// layers on a base) to a real registry (docker-registry, a test peer), and the harness runs a
// step from the image pulled back and unpacked, with no container runtime.
import { join } from "node:path";
import { createLocalPlugin } from "@ferry/core";
import { basicAuth, packageImage, runImageCommand } from "@ferry/oci";
import { pushTestBase } from "@ferry/oci/testing";
import { peer } from "@ferry/repo-scripts/peers";
import { beforeAll, describe } from "vitest";
import { runConformance } from "../src/index.ts";
import { localDag } from "./local-dag.ts";

const registry = peer("registry");
const auth = registry.endpoints && basicAuth(registry.endpoints);
let base = "";

describe.skipIf(registry.skip !== undefined)(
  `local in image mode${registry.skip ? ` — skipped: ${registry.skip}` : ""}`,
  () => {
    beforeAll(async () => {
      // No base image can be pulled from the internet here: push a small one.
      base = await pushTestBase(`${registry.endpoints?.host}/conformance/base`, auth);
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
