import { defineConfig } from "vitest/config";

// Conformance runs steps as processes from a pulled image: give them time on a 2-core machine.
export default defineConfig({
  test: { include: ["src/**/*.test.ts", "test/**/*.test.ts"], testTimeout: 300_000, hookTimeout: 300_000 },
});
