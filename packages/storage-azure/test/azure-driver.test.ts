import { join } from "node:path";
import { BlobServiceClient } from "@azure/storage-blob";
import { runStorageConformance } from "@ferry/conformance";
import { FerryError, type StorageDriver } from "@ferry/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createAzureDriver } from "../src/index.ts";
import { startAzurite } from "./azurite.ts";

let azurite: Awaited<ReturnType<typeof startAzurite>>;
beforeAll(async () => {
  azurite = await startAzurite();
  process.env.FERRY_TEST_AZURE = azurite.connectionString;
  await BlobServiceClient.fromConnectionString(azurite.connectionString).createContainer("ferry-data");
});
afterAll(() => azurite?.stop());
const drivers = () => createAzureDriver({ connectionString: azurite.connectionString });

runStorageConformance({
  scheme: "az",
  driver: () => drivers()[0] as StorageDriver,
  base: () => "az://ferry-data/conformance",
  register: {
    imports: 'import { createAzureDriver } from "@ferry/storage-azure";',
    storage: "createAzureDriver({ connectionString: process.env.FERRY_TEST_AZURE })",
  },
  workdir: join(import.meta.dirname, ".projects"),
});

it("reads through abfs:// what az:// wrote", async () => {
  const [az, abfs] = drivers() as [StorageDriver, StorageDriver];
  await az.write("az://ferry-data/alias/one.bin", new Uint8Array([1, 2, 3]));
  expect([...(await abfs.read("abfs://ferry-data@devstoreaccount1.dfs.core.windows.net/alias/one.bin"))]).toEqual([
    1, 2, 3,
  ]);
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
