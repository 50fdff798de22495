// The runtime placeholders of the KFP v2 IR that a container task's command and args may
// hold (kfp sdk/python/kfp/dsl/placeholders.py and the backend's driver): the job's uuid and
// name, the task's name, and the value of a component input parameter.

const PLACEHOLDER = /\{\{\$\.([^}]*)\}\}/g;
const INPUT = /^inputs\.parameters\['([^']+)'\]$/;
const FIXED = new Set(["pipeline_job_uuid", "pipeline_job_name", "pipeline_task_name", "pipeline_root"]);

/** What a placeholder can stand for in one task's run. */
export interface PlaceholderValues {
  readonly jobUuid: string;
  readonly jobName: string;
  readonly taskName: string;
  readonly pipelineRoot: string;
  /** Component input name → its value for this run. */
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** Placeholders in `text` the backend would not resolve, given the task's declared inputs. */
export function unknownPlaceholders(text: string, inputs: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const [whole, body = ""] of text.matchAll(PLACEHOLDER)) {
    const input = INPUT.exec(body)?.[1];
    if (input === undefined ? !FIXED.has(body) : !inputs.has(input)) out.push(whole);
  }
  return out;
}

/** `text` with its placeholders replaced: strings as they are, other values as JSON. */
export function renderPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(PLACEHOLDER, (whole, body: string) => {
    const input = INPUT.exec(body)?.[1];
    if (input !== undefined) {
      const value = values.inputs[input];
      return typeof value === "string" ? value : JSON.stringify(value ?? null);
    }
    switch (body) {
      case "pipeline_job_uuid":
        return values.jobUuid;
      case "pipeline_job_name":
        return values.jobName;
      case "pipeline_task_name":
        return values.taskName;
      case "pipeline_root":
        return values.pipelineRoot;
      default:
        return whole;
    }
  });
}
