import { type ExecutionPlan, type Grouping, openSession, plan } from "@ferry/core";
// Core's throwaway-project helper: projects live inside packages/core, where `@ferry/core`
// resolves by self-reference.
import { makeProject } from "../../../core/test/helpers/project.ts";

/** The real plan of a project's pipeline, as `ferry compile` would make it. */
export async function planOf(
  files: Record<string, string>,
  options: { pipeline?: string; grouping?: Grouping; runId?: string } = {},
): Promise<ExecutionPlan> {
  const session = await openSession({ cwd: makeProject(files) });
  const pipelineName = options.pipeline ?? "main";
  return plan(session, session.pipeline(pipelineName), {
    runId: options.runId ?? "run-1",
    pipelineName,
    grouping: options.grouping ?? "none",
    storageRoot: "gs://bucket/ferry",
    planUri: `gs://bucket/ferry/${options.runId ?? "run-1"}/plan.json`,
    env: { LOG_LEVEL: "info" },
  });
}

/** A fake image ref pinned by digest. */
export const IMAGE = `us-docker.pkg.dev/proj/repo/app@sha256:${"ab".repeat(32)}`;
