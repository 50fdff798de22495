import { defineConfig } from "@ferry/core";
import { createAzureDriver } from "@ferry/storage-azure";
import { createGcsDriver } from "@ferry/storage-gcs";
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
  // Object stores (conf/s3, conf/gcs, conf/azure); each SDK loads only when one of its paths is used.
  storage: [
    createS3Driver({ endpoint: process.env.FERRY_S3_ENDPOINT }),
    createGcsDriver({ apiEndpoint: process.env.FERRY_GCS_ENDPOINT, projectId: process.env.FERRY_GCS_PROJECT }),
    ...createAzureDriver({
      connectionString: process.env.FERRY_AZURE_CONNECTION_STRING,
      accountUrl: process.env.FERRY_AZURE_ACCOUNT_URL,
    }),
  ],
});
