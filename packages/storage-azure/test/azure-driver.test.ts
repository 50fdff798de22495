import { join } from "node:path";
import { Readable } from "node:stream";
import { BlobServiceClient } from "@azure/storage-blob";
import { runStorageConformance } from "@ferry/conformance";
import { FerryError, type StorageDriver } from "@ferry/core";
import { peer } from "@ferry/repo-scripts/peers";
import { beforeAll, describe, expect, it } from "vitest";
import { createAzureDriver } from "../src/index.ts";

const azurite = peer("azurite"); // started by scripts/peers.ts; in CI its absence throws
const connectionString = azurite.endpoints?.connectionString ?? "";
const drivers = () => createAzureDriver({ connectionString });

describe.skipIf(azurite.skip !== undefined)(
  `az against Azurite${azurite.skip ? ` — skipped: ${azurite.skip}` : ""}`,
  () => {
    beforeAll(async () => {
      process.env.FERRY_TEST_AZURE = connectionString;
      // createIfNotExists: the peers outlive one test run.
      await BlobServiceClient.fromConnectionString(connectionString)
        .getContainerClient("ferry-data")
        .createIfNotExists();
    });

    runStorageConformance({
      scheme: "az",
      driver: () => drivers()[0] as StorageDriver,
      base: () => "az://ferry-data/conformance",
      register: {
        imports: 'import { createAzureDriver } from "@ferry/storage-azure";',
        storage: "createAzureDriver({ connectionString: process.env.FERRY_TEST_AZURE })",
      },
      workdir: join(import.meta.dirname, ".projects"),
      streamChild: () => ({
        module: "@ferry/storage-azure",
        export: "createAzureDriver",
        options: { connectionString: connectionString },
      }),
    });

    it("reads through abfs:// what az:// wrote", async () => {
      const [az, abfs] = drivers() as [StorageDriver, StorageDriver];
      await az.write("az://ferry-data/alias/one.bin", new Uint8Array([1, 2, 3]));
      expect([...(await abfs.read("abfs://ferry-data@devstoreaccount1.dfs.core.windows.net/alias/one.bin"))]).toEqual([
        1, 2, 3,
      ]);
    });

    it("says when the container does not exist for streams too", async () => {
      const [az] = drivers() as [StorageDriver];
      for (const error of [
        await az.readStream("az://no-such-container/x.csv").catch((e: unknown) => e),
        await az
          .writeStream("az://no-such-container/x.csv", Readable.from([new Uint8Array(1)]))
          .catch((e: unknown) => e),
      ])
        expect((error as FerryError).message).toBe(
          "The container 'no-such-container' does not exist (az://no-such-container/x.csv).",
        );
    });

    it("says when the container does not exist and how to create it", async () => {
      const error = await drivers()[0]
        ?.read("az://no-such-container/x.csv")
        .catch((e: unknown) => e);
      expect(FerryError.is(error, "STORAGE_ERROR")).toBe(true);
      expect((error as FerryError).message).toBe(
        "The container 'no-such-container' does not exist (az://no-such-container/x.csv).",
      );
      expect((error as FerryError).hint).toBe(
        "Create it (az storage container create --name no-such-container) or fix the path in conf/<env>/catalog.yml.",
      );
    });
  },
);
