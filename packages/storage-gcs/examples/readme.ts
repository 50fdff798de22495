import { defineCatalog, defineConfig, json, node, pipeline } from "@ferry/core";
import { createGcsDriver } from "@ferry/storage-gcs";

const catalog = defineCatalog({ events: json<{ n: number }[]>(), total: json<{ n: number }>() });

export const config = defineConfig({
  name: "events",
  catalog,
  // gs:// paths in conf/<env>/catalog.yml now resolve, with Application Default Credentials.
  storage: [createGcsDriver()],
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
