export type { DataFrame } from "nodejs-polars";
export { DataCatalog } from "./catalog/data-catalog.ts";
export type {
  Dataset,
  DatasetEntry,
  DatasetServices,
  DatasetType,
} from "./catalog/dataset-type.ts";
export { defineFileType, type FileFormat } from "./catalog/file-type.ts";
export { memory } from "./catalog/types/memory.ts";
export { bytes, json, text } from "./catalog/types/plain.ts";
export { csv, excel, parquet } from "./catalog/types/tabular.ts";
export { versionFor } from "./catalog/versioning.ts";
export { type Conf, listEnvs, loadConf } from "./config/load-conf.ts";
export { parseParamOverrides } from "./config/params.ts";
export { type ErrorCode, errorCatalog } from "./errors/catalog.ts";
export { exitCodeOf, FerryError, formatError } from "./errors/ferry-error.ts";
export { type Node, type NodeSpecBase, node, type Resources } from "./node.ts";
export { type PipelineOptions, pipeline } from "./pipeline/namespace.ts";
export { type OnlyOptions, Pipeline } from "./pipeline/pipeline.ts";
export type { Problem } from "./pipeline/validate.ts";
export { GROUPINGS, type Grouping } from "./plan/grouping.ts";
export { type ExecutionPlan, type PlanDataset, type PlanOptions, type PlanStep, plan } from "./plan/plan.ts";
export { isProcessAlive } from "./process-alive.ts";
export { defineConfig, type FerryConfig } from "./project/define-config.ts";
export {
  DEFAULT_PIPELINE,
  findProjectRoot,
  loadProject,
  type Project,
} from "./project/load-project.ts";
export {
  type AnyRef,
  type DatasetRef,
  defineCatalog,
  defineParams,
  type ParamRef,
  type Params,
} from "./refs.ts";
export { fromErrorInfo, toErrorInfo } from "./runner/error-info.ts";
export type { ErrorInfo, RunEvent } from "./runner/events.ts";
export { type ExecuteOptions, execute } from "./runner/execute.ts";
export { createLocalPlugin, type LocalOptions } from "./runner/local-plugin.ts";
export { log } from "./runner/node-log.ts";
export { resumeNodes } from "./runner/resume.ts";
export {
  applyStatus,
  envOf,
  type RunPipelineOptions,
  type RunProgress,
  runPipeline,
  selectPipeline,
  storageRootOf,
} from "./runs/run-pipeline.ts";
export type { NodeRecord, RunRecord } from "./runs/run-record.ts";
export { createRunId, createRunStore, type RunStore } from "./runs/run-store.ts";
export { scheduleRequest } from "./runs/schedule-request.ts";
export { stageRun } from "./runs/stage.ts";
export { runNodeCommand } from "./runtime/run-node-command.ts";
export { runStep, specFromPlan } from "./runtime/run-step.ts";
export { bindSession, openSession, type Session, type SessionOptions, type SessionSpec } from "./session/session.ts";
export type { StorageDriver } from "./storage/driver.ts";
export { createStorageRegistry, type StorageRegistry } from "./storage/registry.ts";
