export { PIPELINE_FILE, RUN_FILE, type RunFile } from "./compile.ts";
export type { KubeflowAuth, KubeflowOptions, KubeflowToleration } from "./options.ts";
export { kubeflow } from "./plugin.ts";
