import type { Problem } from "@ferry/core";
import type { Toleration } from "./ir.ts";

/**
 * How a step's GPU request (`resources.gpu { count, type }`) becomes the IR's
 * `accelerator.resourceType`, and on Kubernetes the pod's node selector and tolerations.
 * Targets name accelerators differently: Vertex AI wants its `AcceleratorType` enum
 * (`NVIDIA_TESLA_T4`), the KFP backend a Kubernetes resource name (`nvidia.com/gpu`). Build
 * one with {@link vertexAccelerators} or {@link kubernetesAccelerators}, or write your own.
 */
export interface AcceleratorOptions {
  /**
   * `gpu.type` → `resourceType`. Types match case-insensitively with `_` and `-` alike.
   * `default` serves a request without a type; `*` any type not listed.
   */
  readonly resourceTypes: Readonly<Record<string, string>>;
  /**
   * Kubernetes only: a GPU step's pod gets the node label `label` = `values[type]` (or the
   * type as written when not listed). No selector for a request without a type.
   */
  readonly nodeSelector?: { readonly label: string; readonly values?: Readonly<Record<string, string>> };
  /** Kubernetes only: tolerations added to GPU steps' pods (GPU node pools are often tainted). */
  readonly tolerations?: readonly Toleration[];
}

/** Where one GPU request lands. */
export interface AcceleratorPlacement {
  readonly resourceType: string;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: readonly Toleration[];
}

const normalize = (type: string) =>
  type
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, "-");

function lookup(table: Readonly<Record<string, string>> | undefined, key: string): string | undefined {
  if (table === undefined) return undefined;
  for (const [k, v] of Object.entries(table)) if (normalize(k) === key) return v;
  return undefined;
}

/** The placement of `gpu` for `step`, or the problem that stops it. */
export function placeAccelerator(
  options: AcceleratorOptions | undefined,
  gpu: { readonly count: number; readonly type?: string | undefined },
  step: string,
): AcceleratorPlacement | Problem {
  const known = [
    ...new Set(
      Object.entries(options?.resourceTypes ?? {}).flatMap(([k, v]) => (k === "*" || k === "default" ? [] : [v])),
    ),
  ];
  if (options === undefined) {
    return {
      message: `Step '${step}' asks for ${gpu.count} GPU(s), but the compile options name no accelerators.`,
      fix: "Pass accelerators (vertexAccelerators() for Vertex AI, kubernetesAccelerators() for Kubeflow), or drop the gpu request for this env.",
    };
  }
  const type = gpu.type === undefined ? undefined : normalize(gpu.type);
  const resourceType =
    type === undefined ? lookup(options.resourceTypes, "default") : lookup(options.resourceTypes, type);
  const fallback = resourceType ?? options.resourceTypes["*"];
  if (fallback === undefined) {
    const list = known.slice(0, 20).join(", ") + (known.length > 20 ? ", …" : "");
    return gpu.type === undefined
      ? {
          message: `Step '${step}' asks for ${gpu.count} GPU(s) without a type, and this target needs one.`,
          fix: `Set gpu.type in conf/<env>/resources.yml (one of: ${list}).`,
        }
      : {
          message: `Step '${step}' asks for GPU type '${gpu.type}', which this target does not know.`,
          fix: `Use one of: ${list} (gpu.type in conf/<env>/resources.yml).`,
        };
  }
  const label = options.nodeSelector?.label;
  const selectorValue =
    label === undefined || gpu.type === undefined
      ? undefined
      : (lookup(options.nodeSelector?.values, type as string) ?? gpu.type);
  return {
    resourceType: fallback,
    ...(label !== undefined && selectorValue !== undefined ? { nodeSelector: { [label]: selectorValue } } : {}),
    ...(options.tolerations?.length ? { tolerations: options.tolerations } : {}),
  };
}

/**
 * Vertex AI's `AcceleratorType` names (google.cloud.aiplatform.v1, K80 left out: end of
 * support), accepted as written (`NVIDIA_TESLA_T4`, `nvidia-tesla-t4`) or by short name.
 */
const VERTEX_TYPES: Readonly<Record<string, readonly string[]>> = {
  NVIDIA_TESLA_P100: ["p100"],
  NVIDIA_TESLA_V100: ["v100"],
  NVIDIA_TESLA_P4: ["p4"],
  NVIDIA_TESLA_T4: ["t4"],
  NVIDIA_TESLA_A100: ["a100"],
  NVIDIA_A100_80GB: ["a100-80gb"],
  NVIDIA_L4: ["l4"],
  NVIDIA_H100_80GB: ["h100"],
  NVIDIA_H100_MEGA_80GB: ["h100-mega"],
  NVIDIA_H200_141GB: ["h200"],
  NVIDIA_B200: ["b200"],
  NVIDIA_GB200: ["gb200"],
  NVIDIA_RTX_PRO_6000: ["rtx-pro-6000"],
  TPU_V2: [],
  TPU_V3: [],
  TPU_V4_POD: [],
  TPU_V5_LITEPOD: [],
};

/**
 * Accelerator naming for Vertex AI Pipelines: `gpu.type` → the `AcceleratorType` enum name.
 * `defaultType` serves GPU requests without a type (Vertex needs one).
 */
export function vertexAccelerators(options: { readonly defaultType?: string } = {}): AcceleratorOptions {
  const resourceTypes: Record<string, string> = {};
  for (const [name, aliases] of Object.entries(VERTEX_TYPES)) {
    resourceTypes[name] = name;
    for (const alias of aliases) resourceTypes[alias] = name;
  }
  if (options.defaultType !== undefined) {
    const name = lookup(resourceTypes, normalize(options.defaultType));
    resourceTypes.default = name ?? options.defaultType;
  }
  return { resourceTypes };
}

/**
 * Accelerator naming for Kubeflow Pipelines on Kubernetes: every GPU is the extended
 * resource `resource` (default `nvidia.com/gpu`); with `nodeSelectorLabel` a typed request
 * also selects nodes by that label (e.g. `cloud.google.com/gke-accelerator` on GKE, whose
 * values look like `nvidia-tesla-t4`; `values` maps Ferry's types to the label's values).
 */
export function kubernetesAccelerators(
  options: {
    readonly resource?: string;
    readonly nodeSelectorLabel?: string;
    readonly values?: Readonly<Record<string, string>>;
    readonly tolerations?: readonly Toleration[];
  } = {},
): AcceleratorOptions {
  const resource = options.resource ?? "nvidia.com/gpu";
  return {
    resourceTypes: { "*": resource, default: resource },
    ...(options.nodeSelectorLabel === undefined
      ? {}
      : { nodeSelector: { label: options.nodeSelectorLabel, ...(options.values ? { values: options.values } : {}) } }),
    ...(options.tolerations ? { tolerations: options.tolerations } : {}),
  };
}
