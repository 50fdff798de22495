import { isProblem, type ResourceRequest, selectMachine, vertexCatalog } from "@ferry/machines";

/** The Vertex AI machine a step runs on, or a message saying what to change. */
export function vertexMachineFor(step: string, resources: ResourceRequest): string {
  const choice = selectMachine(vertexCatalog, resources, step);
  if (isProblem(choice)) return `${choice.message} ${choice.fix}`;
  // { cpu: 3, memoryGiB: 5 } → e2-standard-4, with a warning that 4 vCPU / 16 GB is more than asked
  // { gpu: { count: 3, type: "t4" } } → n1-highmem-2 with 4 NVIDIA_TESLA_T4 (3 is not an allowed count)
  const gpus = choice.accelerator ? ` + ${choice.accelerator.count} × ${choice.accelerator.type}` : "";
  return [`${choice.machine.name}${gpus}`, ...choice.warnings].join("\n");
}
