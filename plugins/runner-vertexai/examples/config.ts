import { defineConfig } from "@ferry/core";
import { vertexai } from "@ferry/runner-vertexai";
import { createGcsDriver } from "@ferry/storage-gcs";

/**
 * A project that registers the Vertex AI target explicitly (installing the package is enough
 * for `--target vertexai`; registering pins the version the project was tested with). The
 * target's options live in conf/<env>/targets.yml, under `vertexai:`.
 */
export const config = defineConfig({
  name: "churn",
  catalog: {},
  pipelines: {},
  storage: [createGcsDriver()],
  plugins: [vertexai()],
});
