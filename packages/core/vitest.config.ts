import { defineConfig } from "vitest/config";

// Type-level tests (*.test-d.ts) are checked by `tsc -p tsconfig.test.json` (the typecheck task).
// Integration tests spawn processes and parse real files: give them room on a loaded 2-core CI.
export default defineConfig({ test: { include: ["src/**/*.test.ts", "test/**/*.test.ts"], testTimeout: 60_000 } });
