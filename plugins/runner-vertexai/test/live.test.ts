// The real Vertex AI, opt-in: never in CI, it costs money. It runs the conformance suite's
// diamond on Vertex AI Pipelines and compares its output with a local run's.
//
// What it needs (all five variables, and Application Default Credentials):
//   FERRY_VERTEX_LIVE_PROJECT   a Google Cloud project with the Vertex AI API enabled
//   FERRY_VERTEX_LIVE_REGION    e.g. us-central1
//   FERRY_VERTEX_LIVE_BUCKET    a Cloud Storage bucket in that region (data and pipeline root go under ferry-live/)
//   FERRY_VERTEX_LIVE_REGISTRY  an Artifact Registry Docker repository: <region>-docker.pkg.dev/<project>/<repo>
//   FERRY_VERTEX_LIVE_SA        the service account the steps run as (storage object admin on the bucket,
//                               artifact registry reader on the repository)
// and `gcloud auth application-default login` as an identity with roles/aiplatform.user,
// roles/artifactregistry.writer and roles/iam.serviceAccountUser on FERRY_VERTEX_LIVE_SA.
// Base image: node:24-slim from Docker Hub, so the machine running the test needs internet.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { relocateReferenceData, writeReferenceProject } from "@ferry/conformance";
import { createLocalPlugin, openSession, runPipeline } from "@ferry/core";
import { validatePluginOptions } from "@ferry/core/plugin";
import { createGcsDriver } from "@ferry/storage-gcs";
import { describe, expect, it } from "vitest";
import { vertexai } from "../src/index.ts";

const env = {
  project: process.env.FERRY_VERTEX_LIVE_PROJECT,
  region: process.env.FERRY_VERTEX_LIVE_REGION,
  bucket: process.env.FERRY_VERTEX_LIVE_BUCKET,
  registry: process.env.FERRY_VERTEX_LIVE_REGISTRY,
  serviceAccount: process.env.FERRY_VERTEX_LIVE_SA,
};
const missing = Object.entries(env)
  .filter(([, v]) => !v)
  .map(([k]) => k);
const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe.skipIf(missing.length > 0)(
  `vertexai on the real Vertex AI${missing.length ? ` — skipped: set FERRY_VERTEX_LIVE_* (${missing.join(", ")} missing)` : ""}`,
  () => {
    it("runs the diamond to the local run's output", { timeout: 3_600_000 }, async () => {
      const store = createGcsDriver();
      const workdir = join(import.meta.dirname, "../.ferry-conformance/live");
      const root = writeReferenceProject(workdir);
      await relocateReferenceData(root, `gs://${env.bucket}/ferry-live`, store, {
        imports: 'import { createGcsDriver } from "@ferry/storage-gcs";',
        storage: "[createGcsDriver()]",
      });
      const plugin = vertexai();
      const options = await validatePluginOptions(
        plugin,
        {
          project: env.project,
          region: env.region,
          storageRoot: `gs://${env.bucket}/ferry-live/runs`,
          imageRegistry: env.registry,
          serviceAccount: env.serviceAccount,
        },
        "FERRY_VERTEX_LIVE_*",
      );
      const session = await openSession({ cwd: root });
      const record = await runPipeline({
        session,
        pipelineName: "diamond",
        plugin,
        targetOptions: options,
        logger: silent,
      });
      expect(record.status, JSON.stringify(record.error)).toBe("succeeded");

      const local = writeReferenceProject(join(workdir, "local"));
      const expected = await runPipeline({
        session: await openSession({ cwd: local }),
        pipelineName: "diamond",
        plugin: createLocalPlugin(),
        targetOptions: { parallel: 1, isolation: "thread", env: {}, package: "none" },
        logger: silent,
      });
      expect(expected.status).toBe("succeeded");
      const got = await store.read(session.catalog.describe("total").uri as string);
      const want = (await openSession({ cwd: local })).catalog.describe("total").uri as string;
      expect(Buffer.from(got).equals(await readFile(fileURLToPath(want)))).toBe(true);
    });
  },
);
