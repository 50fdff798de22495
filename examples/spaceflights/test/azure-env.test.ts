import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { BlobServiceClient } from "@azure/storage-blob";
import { afterAll, beforeAll, expect, it } from "vitest";
// The Azure peer (Azurite) as the storage-azure package's tests start it.
import { startAzurite } from "../../../packages/storage-azure/test/azurite.ts";
import { createSandbox, ferry, generate } from "./support.ts";

let azurite: Awaited<ReturnType<typeof startAzurite>> | undefined;
const dir = createSandbox("azure-");
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(() => {
  azurite?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it("runs spaceflights with every dataset on Azure Blob Storage (--env azure, against Azurite)", async () => {
  const connectionString = azurite?.connectionString as string;
  const container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient("spaceflights");
  await container.create();
  expect((await generate(["--rows", "1000", "--out", join(dir, "raw")])).code).toBe(0);
  for (const file of readdirSync(join(dir, "raw"))) {
    const data = readFileSync(join(dir, "raw", file));
    await container.getBlockBlobClient(`01_raw/${file}`).upload(data, data.length);
  }
  process.env.FERRY_AZURE_CONNECTION_STRING = connectionString;
  const result = await ferry(["run", "--env", "azure"], dir);
  expect(result.code, result.stderr).toBe(0);
  const metrics = await container.getBlockBlobClient("08_reporting/metrics.json").downloadToBuffer();
  expect(Number.isFinite(JSON.parse(metrics.toString()).r2_score)).toBe(true);
});
