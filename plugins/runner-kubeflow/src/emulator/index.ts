export type { TaskHost } from "./execute.ts";
export {
  createKubeflowEmulator,
  type EmulatedRun,
  type EmulatorRequest,
  type KubeflowEmulator,
  type KubeflowEmulatorOptions,
} from "./server.ts";
export { startEmulator } from "./start.ts";
