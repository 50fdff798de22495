// Spaceflights on an emulated cloud target (`ferry run --emulate`), shared by the emulate test
// and bench: each target's bucket on its storage peer, and a sandbox whose targets.yml reaches
// the registry peer with a small base image (no base can be pulled from the internet here).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { basicAuth } from "@ferry/oci";
import { pushTestBase, useDockerLogin } from "@ferry/oci/testing";
import { peer } from "@ferry/repo-scripts/peers";
import { gcsBucket, type Store, s3Bucket } from "./stores.ts";
import { createSandbox, exampleDir } from "./support.ts";

export type EmulatedTarget = "vertexai" | "kubeflow";
export const EMULATED_TARGETS: readonly EmulatedTarget[] = ["vertexai", "kubeflow"];

/** What each target needs: its storage peer, the bucket conf/<target> names, its options. */
const SETUP = {
  vertexai: {
    storage: "gcs",
    bucket: (endpoint: string) => gcsBucket(endpoint, "spaceflights-vertexai"),
    options: "  project: ferry-test\n  region: us-central1\n  storageRoot: gs://spaceflights-vertexai/runs\n",
  },
  kubeflow: {
    storage: "moto",
    bucket: (endpoint: string) => s3Bucket(endpoint, "spaceflights-kubeflow"),
    options:
      "  url: https://kubeflow.example.com/pipeline\n  namespace: team-ml\n  experiment: spaceflights\n  storageRoot: s3://spaceflights-kubeflow/runs\n",
  },
} as const;

/** Why the target cannot be emulated here (a peer is missing), or undefined. */
export function emulateSkip(target: EmulatedTarget): string | undefined {
  return peer("registry").skip ?? peer(SETUP[target].storage).skip;
}

/** The target's bucket, with this process's env pointing the steps at it. */
export function targetStore(target: EmulatedTarget): Promise<Store> {
  const setup = SETUP[target];
  const endpoints = peer(setup.storage).endpoints as { endpoint: string } | undefined;
  return setup.bucket(endpoints?.endpoint ?? "");
}

/**
 * A sandbox inside the example (so the target's plugin resolves from its node_modules, as in a
 * real project) whose conf/<target>/targets.yml pushes to the registry peer, on a small base
 * image; `docker login`'s credentials for the peer are in DOCKER_CONFIG. Returns the sandbox
 * and the folders to remove after.
 */
export async function emulatedSandbox(target: EmulatedTarget): Promise<{ dir: string; cleanup: string[] }> {
  const registry = peer("registry").endpoints;
  if (registry === undefined) throw new Error("the registry peer is not running");
  const docker = useDockerLogin(registry);
  const base = await pushTestBase(`${registry.host}/spaceflights/base`, basicAuth(registry));
  const dir = createSandbox(`emulate-${target}-`, join(exampleDir, ".sandboxes"), { copyConf: true });
  writeFileSync(
    join(dir, `conf/${target}/targets.yml`),
    `${target}:\n${SETUP[target].options}  imageRegistry: ${registry.host}/spaceflights\n  baseImage: ${base}\n`,
  );
  return { dir, cleanup: [dir, docker] };
}
