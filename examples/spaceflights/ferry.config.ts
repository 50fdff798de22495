import { defineConfig } from "@ferry/core";
import { catalog } from "./src/catalog.ts";
import { params } from "./src/params.ts";
import { dataProcessing } from "./src/pipelines/data-processing.ts";
import { dataScience } from "./src/pipelines/data-science.ts";

export const config = defineConfig({
  name: "spaceflights",
  catalog,
  params,
  pipelines: { data_processing: dataProcessing, data_science: dataScience },
});
