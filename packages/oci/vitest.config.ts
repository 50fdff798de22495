import { defineConfig } from "vitest/config";

// moto (a Python server) can take several seconds to start on a loaded 2-core CI machine.
export default defineConfig({
  test: { include: ["src/**/*.test.ts", "test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 },
});
