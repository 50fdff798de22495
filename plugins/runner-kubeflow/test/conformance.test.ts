// The conformance suite against the Kubeflow Pipelines emulator: images pushed to the
// registry peer, data on S3 (moto), each task run as a process from the pushed image.
import { join } from "node:path";
import { runConformance } from "@ferry/conformance";
import { runImageCommand } from "@ferry/oci";
import { afterAll, beforeAll, describe } from "vitest";
import { createKubeflowEmulator, type KubeflowEmulator } from "../src/emulator/index.ts";
import { kubeflow } from "../src/index.ts";
import { dagOfPipelineFile, onS3 } from "./helpers/reference.ts";
import { dockerLogin, pullAuth, pushTinyBase, registry } from "./helpers/registry.ts";
import { BUCKET, createBucket, moto, readUri, s3Env } from "./helpers/s3.ts";

const skip = registry.skip ?? moto.skip;
const TOKEN = "conformance-token";
// The test base image has no Node: the image's launcher runs this one.
const stepEnv = { ...s3Env, FERRY_NODE: process.execPath };

let emulator: KubeflowEmulator | undefined;
let base = "";

describe.skipIf(skip !== undefined)(`kubeflow on its emulator${skip ? ` — skipped: ${skip}` : ""}`, () => {
  beforeAll(async () => {
    dockerLogin();
    process.env.FERRY_TEST_KFP_TOKEN = TOKEN;
    await createBucket();
    base = await pushTinyBase();
    emulator = await createKubeflowEmulator({
      ...(pullAuth ? { auth: pullAuth } : {}),
      env: stepEnv,
      token: TOKEN,
      multiUser: true,
    });
  });
  afterAll(() => emulator?.close());

  runConformance({
    plugin: () => kubeflow(),
    workdir: join(import.meta.dirname, "../.ferry-conformance/kubeflow"),
    harness: {
      options: () => ({
        url: emulator?.url,
        namespace: "ferry-test",
        experiment: "conformance",
        auth: { type: "token", env: "FERRY_TEST_KFP_TOKEN" },
        imageRegistry: `${registry.endpoints?.host}/kubeflow-test`,
        baseImage: base,
        storageRoot: `s3://${BUCKET}/runs`,
        pollIntervalMs: 200,
      }),
      invalidOptions: [
        {},
        { url: "ftp://kfp", imageRegistry: "r.example.com", storageRoot: "s3://bucket/x" },
        { url: "http://kfp:8888", imageRegistry: "r.example.com", storageRoot: "file:///tmp/x" },
        {
          url: "http://kfp:8888",
          imageRegistry: "r.example.com",
          storageRoot: "s3://b/x",
          auth: { type: "token", token: "abc" },
        },
        { url: "http://kfp:8888", imageRegistry: "r.example.com", storageRoot: "s3://b/x", region: "eu" },
      ],
      prepareProject: (root) => onS3(root, `s3://${BUCKET}/conformance`),
      read: readUri,
      dag: dagOfPipelineFile,
      runArtifact: (artifact, step) =>
        runImageCommand(artifact.uri ?? "", step.command, {
          ...(pullAuth ? { auth: pullAuth } : {}),
          env: { ...step.env, ...stepEnv },
          stdio: "ignore",
        }),
      faults: {
        throttle: (count) => emulator?.faults.throttle(count),
        rejectCredentials: () => emulator?.faults.rejectCredentials(),
        reset: () => emulator?.faults.reset(),
      },
    },
  });
});
