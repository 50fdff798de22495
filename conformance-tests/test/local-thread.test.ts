import { join } from "node:path";
import { createLocalPlugin } from "@ferry/core";
import { runConformance } from "../src/index.ts";
import { localDag } from "./local-dag.ts";

runConformance({
  plugin: () => createLocalPlugin(),
  workdir: join(import.meta.dirname, "../.ferry-conformance/local-thread"),
  harness: {
    options: () => ({ parallel: 2, isolation: "thread" }),
    invalidOptions: [{ parallel: 0 }, { isolation: "docker" }, { parallel: 1, region: "eu" }],
    dag: localDag,
  },
});
