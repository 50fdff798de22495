import { defineConfig } from "vitest/config";

// One target at a time: each file runs many step processes on a 2-core machine.
export default defineConfig({ test: { include: ["test/**/*.test.ts"], testTimeout: 120_000, fileParallelism: false } });
