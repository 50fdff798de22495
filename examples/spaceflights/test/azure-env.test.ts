import { rmSync } from "node:fs";
import { BlobServiceClient } from "@azure/storage-blob";
import { peer } from "@ferry/repo-scripts/peers";
import { afterAll, expect, it } from "vitest";
import { createSandbox, runOnStore } from "./support.ts";

const azurite = peer("azurite"); // started by scripts/peers.ts; in CI its absence throws
const dir = createSandbox("azure-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it.skipIf(azurite.skip !== undefined)(
  `runs spaceflights with every dataset on Azure Blob Storage (--env azure, against Azurite)${azurite.skip ? ` — skipped: ${azurite.skip}` : ""}`,
  async () => {
    const connectionString = azurite.endpoints?.connectionString ?? "";
    const container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient("spaceflights");
    await container.createIfNotExists(); // the peer outlives one test run
    process.env.FERRY_AZURE_CONNECTION_STRING = connectionString;
    const result = await runOnStore(dir, "azure", (key, data) =>
      container.getBlockBlobClient(key).upload(data, data.length),
    );
    expect(result.code, result.stderr).toBe(0);
    const metrics = await container.getBlockBlobClient("08_reporting/metrics.json").downloadToBuffer();
    expect(Number.isFinite(JSON.parse(metrics.toString()).r2_score)).toBe(true);
  },
);
