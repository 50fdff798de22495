/**
 * Limits of KFP and Vertex AI Pipelines that @ferry/kfp checks, each with where it comes
 * from. Read in kubeflow/pipelines (SDK 2.16, backend at 2026-08) and Argo Workflows.
 */
export const KFP_LIMITS = {
  /**
   * `pipelineInfo.name`: the kfp SDK's `validate_pipeline_name` (`^[a-z0-9][a-z0-9-]{0,127}$`,
   * sdk/python/kfp/dsl/utils.py), ending in a letter or digit as the KFP API server's check
   * asks (apiserver/template/v2_template.go).
   */
  pipelineName: /^[a-z0-9](?:[a-z0-9-]{0,126}[a-z0-9])?$/,
  /**
   * Task names become Argo DAG task names (`[a-zA-Z0-9][-a-zA-Z0-9]*`, at most 128
   * characters; argo-workflows workflow/validate), and the KFP Argo compiler adds a
   * `<task>-driver` task beside each (backend/src/v2/compiler/argocompiler/dag.go): 128 - 7.
   */
  taskNameMaxLength: 121,
  /**
   * Argo evaluates `depends` after turning `-` into `_` (workflow/controller/dag.go,
   * `evaluateDependsLogic`), so a task name must be an expression identifier: a letter first.
   */
  taskName: /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/,
  /** Largest pipeline file the KFP API server reads: `common.MaxFileLength` (32 << 20). */
  specBytes: 32 * 1024 * 1024,
  /** The only schema version the KFP API server accepts (apiserver/template/v2_template.go). */
  schemaVersion: "2.1.0",
} as const;
