import { defineCatalog, defineConfig, json, node, pipeline } from "@ferry/core";
import { createS3Driver } from "@ferry/storage-s3";

const catalog = defineCatalog({ events: json<{ n: number }[]>(), total: json<{ n: number }>() });

export const config = defineConfig({
  name: "events",
  catalog,
  // s3:// paths in conf/<env>/catalog.yml now resolve; S3_ENDPOINT points at MinIO or moto.
  storage: [createS3Driver({ endpoint: process.env.S3_ENDPOINT })],
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
