// The vertexai plugin against the conformance suite, with the Vertex AI emulator as the
// platform: the real @google-cloud/aiplatform client, images pushed to and pulled from a real
// registry, data in the GCS emulator.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { relocateReferenceData, runConformance } from "@ferry/conformance";
import { basicAuth, runImageCommand } from "@ferry/oci";
import { afterAll, beforeAll, describe } from "vitest";
import type { VertexEmulator } from "../src/emulator/index.ts";
import { vertexai } from "../src/index.ts";
import { BUCKET, emulatedOptions, gcs, gcsDriver, registry, setUp, skip, specDag } from "./harness.ts";

let emulator: VertexEmulator;
let base = "";

describe.skipIf(skip !== undefined)(`vertexai against its emulator${skip ? ` — skipped: ${skip}` : ""}`, () => {
  beforeAll(async () => {
    ({ emulator, base } = await setUp());
  });
  afterAll(() => emulator?.close());

  runConformance({
    plugin: vertexai,
    workdir: join(import.meta.dirname, "../.ferry-conformance/vertexai"),
    harness: {
      options: () => emulatedOptions(emulator, base),
      invalidOptions: [
        { project: "Not A Project", region: "us-central1", storageRoot: "gs://b/r", imageRegistry: "r.example/p" },
        { project: "ferry-test", region: "us-central1", storageRoot: "s3://bucket/runs", imageRegistry: "r.example/p" },
        {
          project: "ferry-test",
          region: "us-central1",
          storageRoot: "gs://b/r",
          imageRegistry: "r.example/p",
          labels: { Team: "x" },
        },
        { project: "ferry-test", region: "us-central1", storageRoot: "gs://b/r" },
      ],
      prepareProject: (root) =>
        relocateReferenceData(root, `gs://${BUCKET}/conformance`, gcsDriver, {
          imports: 'import { createGcsDriver } from "@ferry/storage-gcs";',
          storage: "[createGcsDriver()]", // the GCS emulator, through STORAGE_EMULATOR_HOST
        }),
      read: (uri) => (uri.startsWith("gs://") ? gcsDriver.read(uri) : readFile(fileURLToPath(uri))),
      dag: specDag,
      runArtifact: (artifact, step) =>
        runImageCommand(artifact.uri ?? "", step.command, {
          ...(registry.endpoints ? { auth: basicAuth(registry.endpoints) } : {}),
          env: { ...step.env, FERRY_NODE: process.execPath, STORAGE_EMULATOR_HOST: gcs.endpoints?.endpoint ?? "" },
          stdio: "ignore",
        }),
      faults: {
        throttle: (n) => emulator.faults.throttle(n),
        rejectCredentials: () => emulator.faults.rejectCredentials(),
        reset: () => emulator.faults.reset(),
      },
    },
  });
});
