import { createHash } from "node:crypto";
import type { Problem } from "@ferry/core";
import { KFP_LIMITS } from "./limits.ts";

/**
 * Ferry step id ↔ KFP task name, both ways (JSON, so `ferry explain` and run handles can
 * keep it). Each task's component is `comp-<task>` and its executor `exec-<task>`.
 */
export interface NameMapping {
  /** Step id → task name (the key in `root.dag.tasks`, also its `taskInfo.name`), in plan order. */
  readonly stepToTask: Readonly<Record<string, string>>;
  readonly taskToStep: Readonly<Record<string, string>>;
}

/** Component and executor names of a task, as the kfp SDK names them (`comp-`, `exec-`). */
export const componentName = (task: string) => `comp-${task}`;
export const executorLabel = (task: string) => `exec-${task}`;

const hash8 = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 8);

/**
 * A step id as KFP accepts it: accents dropped, lowercase, runs of anything else than a-z
 * and 0-9 turned into one `-`, `step-` before a leading digit, and a name over the length
 * limit cut with a hash of the id. Empty when nothing usable is left.
 */
export function sanitizeTaskName(id: string): string {
  let name = id
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (name === "") return "";
  if (!/^[a-z]/.test(name)) name = `step-${name}`;
  return fit(name, "", id);
}

/** `base` + `suffix` within the task name length limit (cut names get a hash of `id`). */
function fit(base: string, suffix: string, id: string): string {
  const max = KFP_LIMITS.taskNameMaxLength;
  if (base.length + suffix.length <= max) return base + suffix;
  const tail = `-${hash8(id)}${suffix}`;
  return base.slice(0, max - tail.length).replace(/-+$/, "") + tail;
}

/**
 * Task names for the steps, in plan order. Ids that are valid task names keep them; the
 * others are sanitized, and a name already taken gets `-2`, `-3`, … (first come in plan
 * order). `reserved` names are never given out.
 */
export function mapStepNames(
  stepIds: readonly string[],
  reserved: readonly string[],
): { mapping: NameMapping; problems: Problem[] } {
  const taken = new Set(reserved);
  const chosen = new Map<string, string>();
  const problems: Problem[] = [];
  for (const id of stepIds) {
    if (KFP_LIMITS.taskName.test(id) && id.length <= KFP_LIMITS.taskNameMaxLength && !taken.has(id)) {
      chosen.set(id, id);
      taken.add(id);
    }
  }
  for (const id of stepIds) {
    if (chosen.has(id)) continue;
    const base = sanitizeTaskName(id);
    if (base === "") {
      problems.push({
        message: `Step '${id}' has no letter or digit, so it has no name KFP can accept (task names are lowercase letters, digits and '-').`,
        fix: "Rename the node (or the group:<name> tag or namespace that names this step) so it has letters or digits, e.g. 'clean_1'.",
      });
      continue;
    }
    let name = base;
    for (let n = 2; taken.has(name); n++) name = fit(base, `-${n}`, id);
    chosen.set(id, name);
    taken.add(name);
  }
  const stepToTask: Record<string, string> = {};
  const taskToStep: Record<string, string> = {};
  for (const id of stepIds) {
    const task = chosen.get(id);
    if (task === undefined) continue;
    stepToTask[id] = task;
    taskToStep[task] = id;
  }
  return { mapping: { stepToTask, taskToStep }, problems };
}

/**
 * A Ferry parameter key as a KFP input name: a lowercase identifier (`[a-z_][a-z0-9_]*`,
 * what the kfp SDK's `sanitize_input_name` produces), empty when nothing usable is left.
 */
export function sanitizeParamName(key: string): string {
  const name = key
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (name === "") return "";
  return /^[0-9]/.test(name) ? `p_${name}` : name;
}
