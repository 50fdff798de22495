import { defineConfig } from "vitest/config";

// Type-level tests (*.test-d.ts) are checked by `tsc -p tsconfig.test.json` (the typecheck task).
export default defineConfig({ test: { include: ["src/**/*.test.ts", "test/**/*.test.ts"] } });
