// Spaceflights on Kubeflow Pipelines, emulated: `ferry run --env kubeflow --target kubeflow
// --emulate` pushes the project's image to a real registry, submits the compiled pipeline to
// the KFP API emulator over REST, which runs each step from the pulled image; the data lives
// on S3 (moto). The outputs equal a local run's.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { basicAuth } from "@ferry/oci";
import { pushTestBase, useDockerLogin } from "@ferry/oci/testing";
import { peer } from "@ferry/repo-scripts/peers";
import { afterAll, expect, it } from "vitest";
import { createSandbox, exampleDir, ferry, generate, runIdOf } from "./support.ts";

const moto = peer("moto");
const registry = peer("registry");
const skip = moto.skip ?? registry.skip;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

it.skipIf(skip !== undefined)(
  `runs spaceflights on the Kubeflow Pipelines emulator with outputs identical to a local run${skip ? ` — skipped: ${skip}` : ""}`,
  { timeout: 600_000 },
  async () => {
    const endpoint = moto.endpoints?.endpoint ?? "";
    const reg = registry.endpoints;
    if (reg === undefined) throw new Error("registry peer missing");
    const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
    const s3 = new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1", credentials });
    const Bucket = "spaceflights-kubeflow"; // as conf/kubeflow names it
    await s3.send(new CreateBucketCommand({ Bucket })).catch((error: Error) => {
      if (error.name !== "BucketAlreadyOwnedByYou") throw error; // the peer outlives one test run
    });
    dirs.push(useDockerLogin(reg));
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_REGION: "us-east-1",
      AWS_EC2_METADATA_DISABLED: "true",
      FERRY_S3_ENDPOINT: endpoint,
    });

    const local = createSandbox("spaceflights-local-");
    const emulated = createSandbox("spaceflights-kubeflow-", join(exampleDir, ".sandboxes"), { copyConf: true });
    dirs.push(local, emulated);
    const raw = join(local, "data/01_raw");
    expect((await generate(["--rows", "1000", "--out", raw])).code).toBe(0);
    for (const file of ["companies.csv", "reviews.csv", "shuttles.csv"]) {
      await s3.send(new PutObjectCommand({ Bucket, Key: `01_raw/${file}`, Body: readFileSync(join(raw, file)) }));
    }
    const outputs = ["03_primary/model_input_table.parquet", "08_reporting/metrics.json"];
    // The bucket outlives one test run: no stale output may pass.
    for (const Key of outputs) await s3.send(new DeleteObjectCommand({ Bucket, Key }));
    // No internet here: a small base image in the registry peer (the tasks run this machine's Node).
    const base = await pushTestBase(`${reg.host}/spaceflights/base`, basicAuth(reg));
    writeFileSync(
      join(emulated, "conf/kubeflow/targets.yml"),
      `kubeflow:\n  url: https://kubeflow.example.com/pipeline\n  namespace: team-ml\n  experiment: spaceflights\n  imageRegistry: ${reg.host}/spaceflights\n  baseImage: ${base}\n  storageRoot: s3://spaceflights-kubeflow/runs\n`,
    );

    const run = await ferry(["run", "--env", "kubeflow", "--target", "kubeflow", "--emulate"], emulated);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stderr).toMatch(/Emulating kubeflow at http:\/\/127\.0\.0\.1:\d+/);
    const record = JSON.parse(readFileSync(join(emulated, `.ferry/runs/${runIdOf(run.stdout)}.json`), "utf8"));
    const nodes = Object.values(record.nodes as Record<string, { status: string }>);
    expect(nodes.map((n) => n.status)).toEqual(Array(6).fill("succeeded"));

    const reference = await ferry(["run"], local);
    expect(reference.code, reference.stderr).toBe(0);
    for (const Key of outputs) {
      const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
      const remote = Buffer.from((await got.Body?.transformToByteArray()) ?? []);
      expect(remote.equals(readFileSync(join(local, "data", Key))), Key).toBe(true);
    }
  },
);
