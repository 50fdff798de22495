export { EMULATOR_TOKEN } from "./client.ts";
export type { JobFile } from "./compile.ts";
export { pipelineJobId } from "./jobs.ts";
export type { VertexOptions } from "./options.ts";
export { vertexai } from "./plugin.ts";
