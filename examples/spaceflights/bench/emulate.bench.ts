// Spaceflights (1,000 rows) run locally vs on the Vertex AI and Kubeflow emulators
// (`ferry run --emulate`: image built and pushed, spec submitted through the vendor's client,
// each step run from the pulled image as its own process, data on the GCS emulator / moto).
// Wall time of the whole command, first (the image is built) and second (same sources); ratios
// to the local run. Figures only; nothing is asserted. Uses the running test peers or starts
// them. Run: node bench/emulate.bench.ts
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { basicAuth } from "@ferry/oci";
import { pushTestBase, useDockerLogin } from "@ferry/oci/testing";
import { peer, start } from "@ferry/repo-scripts/peers";
import { Storage } from "@google-cloud/storage";
import { createSandbox, exampleDir, ferry, generate } from "../test/support.ts";

const stop = peer("registry").endpoints ? undefined : await start();
const registry = peer("registry").endpoints as NonNullable<ReturnType<typeof peer<"registry">>["endpoints"]>;
const gcs = peer("gcs").endpoints?.endpoint ?? "";
const moto = peer("moto").endpoints?.endpoint ?? "";
const dirs: string[] = [];
const files = ["companies.csv", "reviews.csv", "shuttles.csv"];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function timed(args: string[], dir: string): Promise<number> {
  const result = await ferry(args, dir);
  if (result.code !== 0) throw new Error(`ferry ${args.join(" ")} failed:\n${result.stderr}`);
  return result.ms;
}

try {
  dirs.push(useDockerLogin(registry));
  Object.assign(process.env, {
    FERRY_GCS_ENDPOINT: gcs,
    FERRY_GCS_PROJECT: "test",
    FERRY_S3_ENDPOINT: moto,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
  });
  const local = createSandbox("bench-local-");
  dirs.push(local);
  const raw = join(local, "data/01_raw");
  await generate(["--rows", "1000", "--out", raw]);
  const bucket = new Storage({ apiEndpoint: gcs, projectId: "test" }).bucket("spaceflights-vertexai");
  await bucket.create().catch(() => {}); // exists from an earlier run
  const s3 = new S3Client({
    endpoint: moto,
    forcePathStyle: true,
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  await s3.send(new CreateBucketCommand({ Bucket: "spaceflights-kubeflow" })).catch(() => {});
  for (const file of files) {
    const body = readFileSync(join(raw, file));
    await bucket.file(`01_raw/${file}`).save(body, { resumable: false });
    await s3.send(new PutObjectCommand({ Bucket: "spaceflights-kubeflow", Key: `01_raw/${file}`, Body: body }));
  }
  const base = await pushTestBase(`${registry.host}/bench/base`, basicAuth(registry));
  const emulated = (target: string, options: string) => {
    // Inside the example, so the target's plugin resolves from its node_modules.
    const dir = createSandbox(`bench-${target}-`, join(exampleDir, ".sandboxes"), { copyConf: true });
    dirs.push(dir);
    writeFileSync(
      join(dir, `conf/${target}/targets.yml`),
      `${target}:\n${options}  imageRegistry: ${registry.host}/bench\n  baseImage: ${base}\n`,
    );
    return dir;
  };
  const vertex = emulated(
    "vertexai",
    "  project: bench-project\n  region: us-central1\n  storageRoot: gs://spaceflights-vertexai/runs\n",
  );
  const kubeflow = emulated(
    "kubeflow",
    "  url: http://kubeflow.invalid\n  storageRoot: s3://spaceflights-kubeflow/runs\n",
  );

  const localMs = Math.min(await timed(["run"], local), await timed(["run"], local));
  const rows: [string, number, number][] = [];
  for (const [target, dir] of [
    ["vertexai", vertex],
    ["kubeflow", kubeflow],
  ] as const) {
    const args = ["run", "--env", target, "--target", target, "--emulate"];
    rows.push([target, await timed(args, dir), await timed(args, dir)]);
  }
  console.log(`spaceflights, 1,000 rows, 6 nodes · local run (in process): ${seconds(localMs)}`);
  for (const [target, first, second] of rows) {
    console.log(
      `${target} --emulate: first ${seconds(first)} (image built and pushed), second ${seconds(second)} (same sources) = ${(second / localMs).toFixed(1)}× local`,
    );
  }
} finally {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await stop?.();
}
