import { defineConfig } from "vitest/config";

// Each validate_kfp.py run imports the kfp SDK (~2 s on a loaded 2-core CI machine).
export default defineConfig({
  test: { include: ["src/**/*.test.ts", "test/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 120_000 },
});
