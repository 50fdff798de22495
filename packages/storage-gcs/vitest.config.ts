import { defineConfig } from "vitest/config";

// The GCS emulator (a Python server) can take several seconds to start on a loaded 2-core CI machine.
export default defineConfig({ test: { include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 } });
