import { rmSync } from "node:fs";
import { BlobServiceClient } from "@azure/storage-blob";
import { afterAll, beforeAll, expect, it } from "vitest";
// The Azure peer (Azurite) as the storage-azure package's tests start it.
import { startAzurite } from "../../../packages/storage-azure/test/azurite.ts";
import { createSandbox, runOnStore } from "./support.ts";

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
  process.env.FERRY_AZURE_CONNECTION_STRING = connectionString;
  const result = await runOnStore(dir, "azure", (key, data) =>
    container.getBlockBlobClient(key).upload(data, data.length),
  );
  expect(result.code, result.stderr).toBe(0);
  const metrics = await container.getBlockBlobClient("08_reporting/metrics.json").downloadToBuffer();
  expect(Number.isFinite(JSON.parse(metrics.toString()).r2_score)).toBe(true);
});
