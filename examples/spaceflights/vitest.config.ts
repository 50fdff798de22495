import { defineConfig } from "vitest/config";

// The tests spawn `ferry run` and the Python reference (scripts/python), so allow minutes.
export default defineConfig({
  test: { include: ["test/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 300_000 },
});
