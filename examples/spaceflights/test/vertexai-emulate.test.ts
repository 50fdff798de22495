// Spaceflights on Vertex AI, emulated: `ferry run --env vertexai --target vertexai --emulate`
// pushes the project's image to a real registry, submits the compiled PipelineSpec through the
// real @google-cloud/aiplatform client to the Vertex AI emulator, which runs each step from
// the pulled image; the data lives in the GCS emulator. The outputs equal a local run's.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { basicAuth } from "@ferry/oci";
import { pushTestBase, useDockerLogin } from "@ferry/oci/testing";
import { peer } from "@ferry/repo-scripts/peers";
import { Storage } from "@google-cloud/storage";
import { afterAll, expect, it } from "vitest";
import { createSandbox, exampleDir, ferry, generate, runIdOf } from "./support.ts";

const gcs = peer("gcs");
const registry = peer("registry");
const skip = gcs.skip ?? registry.skip;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

it.skipIf(skip !== undefined)(
  `runs spaceflights on the Vertex AI emulator with outputs identical to a local run${skip ? ` — skipped: ${skip}` : ""}`,
  { timeout: 600_000 },
  async () => {
    const storage = gcs.endpoints?.endpoint ?? "";
    const reg = registry.endpoints;
    if (reg === undefined) throw new Error("registry peer missing");
    const bucket = new Storage({ apiEndpoint: storage, projectId: "test" }).bucket("spaceflights-vertexai"); // as conf/vertexai names it
    await bucket.create().catch((error: { code?: number }) => {
      if (error.code !== 409) throw error; // the peer outlives one test run
    });
    dirs.push(useDockerLogin(reg));
    Object.assign(process.env, { FERRY_GCS_ENDPOINT: storage, FERRY_GCS_PROJECT: "test" });

    const local = createSandbox("spaceflights-local-");
    const emulated = createSandbox("spaceflights-vertex-", join(exampleDir, ".sandboxes"), { copyConf: true });
    dirs.push(local, emulated);
    const raw = join(local, "data/01_raw");
    expect((await generate(["--rows", "1000", "--out", raw])).code).toBe(0);
    for (const file of ["companies.csv", "reviews.csv", "shuttles.csv"]) {
      await bucket.file(`01_raw/${file}`).save(readFileSync(join(raw, file)), { resumable: false });
    }
    const outputs = ["03_primary/model_input_table.parquet", "08_reporting/metrics.json"];
    // The bucket outlives one test run: no stale output may pass.
    for (const output of outputs) await bucket.file(output).delete({ ignoreNotFound: true });
    // No internet here: a small base image in the registry peer (the tasks run this machine's Node).
    const base = await pushTestBase(`${reg.host}/spaceflights/base`, basicAuth(reg));
    writeFileSync(
      join(emulated, "conf/vertexai/targets.yml"),
      `vertexai:\n  project: ferry-test\n  region: us-central1\n  storageRoot: gs://spaceflights-vertexai/runs\n  imageRegistry: ${reg.host}/spaceflights\n  baseImage: ${base}\n`,
    );

    const run = await ferry(["run", "--env", "vertexai", "--target", "vertexai", "--emulate"], emulated);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stderr).toMatch(/Emulating vertexai at http:\/\/127\.0\.0\.1:\d+/);
    const record = JSON.parse(readFileSync(join(emulated, `.ferry/runs/${runIdOf(run.stdout)}.json`), "utf8"));
    const nodes = Object.values(record.nodes as Record<string, { status: string }>);
    expect(nodes.map((n) => n.status)).toEqual(Array(6).fill("succeeded"));
    expect(record.handle.url).toContain("console.cloud.google.com/vertex-ai/locations/us-central1/pipelines/runs/");

    const reference = await ferry(["run"], local);
    expect(reference.code, reference.stderr).toBe(0);
    for (const output of outputs) {
      const [remote] = await bucket.file(output).download();
      expect(remote.equals(readFileSync(join(local, "data", output))), output).toBe(true);
    }
  },
);
