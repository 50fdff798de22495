import { join } from "node:path";
import { createLocalPlugin } from "@ferry/core";
import { runBundleArtifact, runConformance } from "../src/index.ts";
import { localDag } from "./local-dag.ts";

// The local target in bundle mode: `package` builds the bundle a container would run, and
// every step process runs from it.
runConformance({
  plugin: () => createLocalPlugin(),
  workdir: join(import.meta.dirname, "../.ferry-conformance/local-bundle"),
  harness: {
    options: () => ({ parallel: 2, isolation: "process", package: "bundle" }),
    invalidOptions: [{ package: "bundle", isolation: "thread" }, { package: "zip" }],
    dag: localDag,
    runArtifact: runBundleArtifact,
  },
});
