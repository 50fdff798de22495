// Opt-in: the conformance suite's live tier (the diamond) on a real Kubeflow Pipelines.
// Never in CI. It needs, besides FERRY_CONFORMANCE_LIVE=1:
//   FERRY_KUBEFLOW_LIVE_URL       the KFP API base URL (https://<host>/pipeline, or http://localhost:3000
//                                 through kubectl port-forward -n kubeflow svc/ml-pipeline-ui 3000:80)
//   FERRY_KUBEFLOW_LIVE_REGISTRY  a registry this machine can push to (docker login, gcloud ADC or AWS
//                                 credentials, by host) and the cluster can pull from
//   FERRY_KUBEFLOW_LIVE_S3        an s3:// prefix for the run's data, writable from here (AWS credential
//                                 chain; AWS_ENDPOINT_URL_S3 for MinIO) and from the pods
// and optionally:
//   FERRY_KUBEFLOW_LIVE_NAMESPACE the profile namespace (multi-user Kubeflow)
//   FERRY_KUBEFLOW_LIVE_AUTH      the auth option as JSON, e.g. {"type":"cookie"} with KFP_COOKIE set
//                                 (default {"type":"none"})
//   FERRY_KUBEFLOW_LIVE_ENV       the steps' env as JSON, e.g. {"AWS_ENDPOINT_URL_S3":"http://minio-service.kubeflow:9000"};
//                                 S3 credentials reach the pods through their service account, not here
//   FERRY_KUBEFLOW_LIVE_BASE      the base image (default node:24-slim, which the cluster must reach)
import { join } from "node:path";
import { runConformance } from "@ferry/conformance";
import { createS3Driver } from "@ferry/storage-s3";
import { describe } from "vitest";
import { kubeflow } from "../src/index.ts";
import { onS3 } from "./helpers/reference.ts";

const env = process.env;
const url = env.FERRY_KUBEFLOW_LIVE_URL;
const live = url && env.FERRY_KUBEFLOW_LIVE_REGISTRY && env.FERRY_KUBEFLOW_LIVE_S3;
const s3 = createS3Driver({ endpoint: env.AWS_ENDPOINT_URL_S3 });

const options = () => ({
  url,
  ...(env.FERRY_KUBEFLOW_LIVE_NAMESPACE ? { namespace: env.FERRY_KUBEFLOW_LIVE_NAMESPACE } : {}),
  experiment: "ferry-conformance",
  auth: JSON.parse(env.FERRY_KUBEFLOW_LIVE_AUTH ?? '{"type":"none"}'),
  imageRegistry: env.FERRY_KUBEFLOW_LIVE_REGISTRY,
  ...(env.FERRY_KUBEFLOW_LIVE_BASE ? { baseImage: env.FERRY_KUBEFLOW_LIVE_BASE } : {}),
  storageRoot: `${env.FERRY_KUBEFLOW_LIVE_S3}/runs`,
  env: JSON.parse(env.FERRY_KUBEFLOW_LIVE_ENV ?? "{}"),
});

if (live) {
  const off = "the emulator's run (conformance.test.ts) covers it; this file spends cluster time only";
  runConformance({
    plugin: () => kubeflow(),
    workdir: join(import.meta.dirname, "../.ferry-conformance/kubeflow-live"),
    harness: {
      options,
      live: { options },
      prepareProject: (root) => onS3(root, `${env.FERRY_KUBEFLOW_LIVE_S3}/conformance`, s3),
      read: (uri) => s3.read(uri),
    },
    disable: { contract: off, compile: off, package: off, execute: off, control: off },
  });
} else {
  describe.skip("kubeflow on a real cluster — skipped: set FERRY_KUBEFLOW_LIVE_URL, FERRY_KUBEFLOW_LIVE_REGISTRY and FERRY_KUBEFLOW_LIVE_S3 (see the top of test/live.test.ts)", () => {});
}
