#!/usr/bin/env node
import { enableCompileCache } from "node:module";

// Cache compiled code (ours, the project's type-stripped .ts, dependencies) between runs:
// start-up dominates short runs. Import main only after enabling it.
enableCompileCache();
const { main } = await import("./main.ts");
process.exitCode = await main(process.argv.slice(2));
