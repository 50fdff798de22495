/**
 * The permanent error catalog of @ferry/core. Codes never change meaning; `exit` is the
 * CLI's exit status (2: the user must fix input or config, 1: the run itself failed).
 */
export const errorCatalog = {
  PIPELINE_INVALID: { title: "Invalid pipeline", exit: 2, hint: undefined },
  PIPELINE_NOT_FOUND: { title: "Unknown pipeline", exit: 2, hint: undefined },
  NODE_NOT_FOUND: { title: "Unknown node", exit: 2, hint: undefined },
  FILTER_EMPTY: {
    title: "Nothing to run",
    exit: 2,
    hint: "Loosen --nodes/--from-nodes/--to-nodes/--tags.",
  },
  NODE_FAILED: { title: "Node failed", exit: 1, hint: undefined },
  DATASET_NOT_FOUND: { title: "Input data missing", exit: 2, hint: undefined },
  DATASET_ERROR: { title: "Dataset operation failed", exit: 1, hint: undefined },
  DATASET_TYPE_UNKNOWN: { title: "Unknown dataset type", exit: 2, hint: undefined },
  DATASET_TYPE_MISMATCH: {
    title: "Dataset type does not match its declaration",
    exit: 2,
    hint: undefined,
  },
  CATALOG_INVALID: { title: "Invalid catalog entry", exit: 2, hint: undefined },
  CONFIG_INVALID: { title: "Invalid configuration", exit: 2, hint: undefined },
  CONFIG_NOT_FOUND: { title: "Configuration not found", exit: 2, hint: undefined },
  ENV_NOT_FOUND: { title: "Unknown config environment", exit: 2, hint: undefined },
  PARAMS_INVALID: { title: "Invalid parameters", exit: 2, hint: undefined },
  PARAM_UNKNOWN: { title: "Unknown parameter", exit: 2, hint: undefined },
  PROJECT_NOT_FOUND: {
    title: "No Ferry project here",
    exit: 2,
    hint: "Run ferry inside a project: a folder (or a subfolder of one) with ferry.config.ts at its root.",
  },
  PROJECT_INVALID: { title: "Invalid ferry.config.ts", exit: 2, hint: undefined },
  STORAGE_SCHEME_UNKNOWN: { title: "No storage driver for this URI", exit: 2, hint: undefined },
  STORAGE_ERROR: { title: "Storage operation failed", exit: 1, hint: undefined },
  VERSION_NOT_FOUND: { title: "Dataset version not found", exit: 2, hint: undefined },
  PLUGIN_NOT_INSTALLED: { title: "Runner plugin not installed", exit: 2, hint: undefined },
  PLUGIN_INVALID: { title: "Invalid runner plugin", exit: 2, hint: undefined },
  PLUGIN_OPTIONS_INVALID: { title: "Invalid target options", exit: 2, hint: undefined },
  PREFLIGHT_FAILED: { title: "Preflight failed", exit: 2, hint: undefined },
  TARGET_AUTH_FAILED: { title: "Target refused the credentials", exit: 2, hint: undefined },
  PLUGIN_ERROR: { title: "Runner plugin failed", exit: 1, hint: undefined },
  PLUGIN_PHASE_ORDER: { title: "Plugin phase called out of order", exit: 1, hint: undefined },
  RUN_NOT_FOUND: { title: "Unknown run", exit: 2, hint: "List recorded runs with `ferry runs`." },
  PACKAGE_FAILED: { title: "Packaging failed", exit: 2, hint: undefined },
  USAGE_INVALID: { title: "Invalid command-line usage", exit: 2, hint: undefined },
  RUN_CANCELLED: { title: "Run cancelled", exit: 1, hint: undefined },
  REGISTRY_UNREACHABLE: { title: "Image registry unreachable", exit: 2, hint: undefined },
  REGISTRY_AUTH_FAILED: { title: "Image registry refused the credentials", exit: 2, hint: undefined },
  REGISTRY_DENIED: { title: "Image registry denied access", exit: 2, hint: undefined },
  REGISTRY_NAME_INVALID: { title: "Invalid image reference", exit: 2, hint: undefined },
  REGISTRY_REPOSITORY_NOT_FOUND: { title: "Image repository not found", exit: 2, hint: undefined },
  REGISTRY_ERROR: { title: "Image registry request failed", exit: 1, hint: undefined },
  IMAGE_NOT_FOUND: { title: "Image not found", exit: 2, hint: undefined },
  IMAGE_DIGEST_MISMATCH: { title: "Image content does not match its digest", exit: 2, hint: undefined },
} as const satisfies Record<string, { title: string; exit: 1 | 2; hint: string | undefined }>;

export type ErrorCode = keyof typeof errorCatalog;
