import { defineCatalog, defineConfig, json, node, pipeline } from "@ferry/core";
import { createAzureDriver } from "@ferry/storage-azure";

const catalog = defineCatalog({ events: json<{ n: number }[]>(), total: json<{ n: number }>() });

export const config = defineConfig({
  name: "events",
  catalog,
  // az:// and abfs:// paths now resolve, with DefaultAzureCredential (az login, managed identity, ...).
  storage: createAzureDriver({ accountUrl: "https://myaccount.blob.core.windows.net" }),
  pipelines: {
    main: pipeline([
      node({
        name: "sum",
        inputs: [catalog.events],
        outputs: catalog.total,
        func: (events) => ({ n: events.reduce((a, e) => a + e.n, 0) }),
      }),
    ]),
  },
});
