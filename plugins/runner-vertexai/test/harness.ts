import { join } from "node:path";
import { relocateReferenceData, writeReferenceProject } from "@ferry/conformance";
import type { CompiledSpec } from "@ferry/core/plugin";
import { basicAuth } from "@ferry/oci";
import { pushTestBase, useDockerLogin } from "@ferry/oci/testing";
import { peer } from "@ferry/repo-scripts/peers";
import { createGcsDriver } from "@ferry/storage-gcs";
import { createVertexEmulator, type VertexEmulator } from "../src/emulator/index.ts";

export const registry = peer("registry");
export const gcs = peer("gcs");
export const skip = registry.skip ?? gcs.skip;
export const BUCKET = "ferry-vertex";
export const gcsDriver = createGcsDriver({ apiEndpoint: gcs.endpoints?.endpoint, projectId: "test" });

/**
 * What every test against the emulator shares: the GCS emulator as Cloud Storage for this
 * process and the tasks (STORAGE_EMULATOR_HOST), the registry peer's credentials where
 * `docker login` would put them (the plugin's auth for non-Google registries), a small base
 * image, and a running Vertex AI emulator whose tasks run the host's Node.
 */
export async function setUp(): Promise<{ emulator: VertexEmulator; base: string }> {
  const endpoints = registry.endpoints;
  const storage = gcs.endpoints;
  if (endpoints === undefined || storage === undefined) throw new Error("peers missing");
  process.env.STORAGE_EMULATOR_HOST = storage.endpoint;
  useDockerLogin(endpoints);
  const created = await fetch(`${storage.endpoint}/storage/v1/b?project=test`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: BUCKET }),
  });
  if (!created.ok && created.status !== 409) throw new Error(`bucket: ${created.status} ${await created.text()}`);
  const base = await pushTestBase(`${endpoints.host}/vertex/base`, basicAuth(endpoints));
  const emulator = await createVertexEmulator({ env: { FERRY_NODE: process.execPath } });
  return { emulator, base };
}

/** Options reaching `emulator`, with images in the registry peer. */
export function emulatedOptions(emulator: VertexEmulator, base: string, extra: Record<string, unknown> = {}) {
  return {
    project: "ferry-test",
    region: "us-central1",
    storageRoot: `gs://${BUCKET}/runs`,
    imageRegistry: `${registry.endpoints?.host}/vertex`,
    baseImage: base,
    api: { url: emulator.url, credentials: "none" },
    ...extra,
  };
}

/** The DAG of a compiled spec, read from its JSON here (not with the plugin's code). */
export function specDag(compiled: CompiledSpec) {
  const spec = JSON.parse(compiled.files["pipeline.json"] ?? "{}");
  const { taskToStep } = JSON.parse(compiled.files["vertex-job.json"] ?? "{}") as {
    taskToStep: Record<string, string>;
  };
  const tasks = spec.root.dag.tasks as Record<string, { dependentTasks?: string[] }>;
  const step = (task: string) => taskToStep[task] ?? `?${task}`;
  return {
    steps: Object.keys(tasks).map(step),
    edges: Object.entries(tasks).flatMap(([t, task]) =>
      (task.dependentTasks ?? []).map((d) => [step(d), step(t)] as const),
    ),
  };
}

/** A fresh reference project (the conformance suite's) with its data in the GCS emulator. */
export async function referenceProject(files: Record<string, string> = {}): Promise<string> {
  const root = writeReferenceProject(join(import.meta.dirname, "../.ferry-conformance/tests"), files);
  await relocateReferenceData(root, `gs://${BUCKET}/tests`, gcsDriver, {
    imports: 'import { createGcsDriver } from "@ferry/storage-gcs";',
    storage: "[createGcsDriver()]",
  });
  return root;
}
