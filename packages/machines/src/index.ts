export { acceleratorTypes, resolveAcceleratorType } from "./accelerator-types.ts";
export { isProblem, selectMachine } from "./select.ts";
export type {
  AcceleratorOption,
  MachineCatalog,
  MachineChoice,
  MachineProblem,
  MachineType,
  ResourceRequest,
} from "./types.ts";
export { vertexCatalog } from "./vertex/catalog.ts";
