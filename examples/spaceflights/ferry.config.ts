import { defineConfig } from "@ferry/core";
import { createS3Driver } from "@ferry/storage-s3";
import { catalog } from "./src/catalog.ts";
import { params } from "./src/params.ts";
import { dataProcessing } from "./src/pipelines/data-processing.ts";
import { dataScience } from "./src/pipelines/data-science.ts";

export const config = defineConfig({
  name: "spaceflights",
  catalog,
  params,
  pipelines: { data_processing: dataProcessing, data_science: dataScience },
  // s3:// paths (conf/s3) go through the AWS SDK, loaded only when such a path is used.
  storage: [createS3Driver({ endpoint: process.env.FERRY_S3_ENDPOINT })],
});
