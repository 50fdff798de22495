import { join } from "node:path";
import { createLocalPlugin } from "@ferry/core";
import { runConformance } from "../src/index.ts";
import { localDag } from "./local-dag.ts";

runConformance({
  plugin: () => createLocalPlugin(),
  workdir: join(import.meta.dirname, "../.ferry-conformance/local-process"),
  harness: {
    options: () => ({ parallel: 2, isolation: "process" }),
    invalidOptions: [{ isolation: "container" }],
    dag: localDag,
  },
});
