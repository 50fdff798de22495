import { setTimeout as sleep } from "node:timers/promises";
import { FerryError } from "../errors/ferry-error.ts";
import type { ExecutionPlan } from "../plan/plan.ts";
import { genericProblems, throwPreflight } from "../plan/preflight.ts";
import type { EventSink } from "../runner/events.ts";
import type {
  ArtifactRef,
  CapabilityName,
  CompiledSpec,
  Installed,
  Logger,
  LogLine,
  PluginContext,
  RunHandle,
  RunnerPlugin,
  RunStatus,
  ScheduleRequest,
  StepPlacement,
} from "./contract.ts";
import { backoffMs, isAuthError, isTransient } from "./transient.ts";

export type Phase =
  | "options"
  | "logs"
  | "preflight"
  | "compile"
  | "package"
  | "submit"
  | "poll"
  | "cancel"
  | "explain"
  | "schedule"
  | "deploy";

/** Default time limits per phase, in milliseconds. */
const TIMEOUTS: Record<Exclude<Phase, "options" | "logs">, number> = {
  preflight: 60_000,
  compile: 60_000,
  package: 30 * 60_000,
  submit: 5 * 60_000,
  poll: 2 * 60_000,
  cancel: 2 * 60_000,
  explain: 60_000,
  schedule: 5 * 60_000,
  deploy: 5 * 60_000,
};

const RETRIED: ReadonlySet<Phase> = new Set(["submit", "poll", "cancel", "schedule", "deploy"]);
const MAX_ATTEMPTS = 5;

function authError(plugin: string, phase: Phase, cause: unknown): FerryError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new FerryError("TARGET_AUTH_FAILED", {
    message: `Target '${plugin}' refused the credentials in ${phase}: ${detail}`,
    hint:
      (FerryError.is(cause) ? cause.hint : undefined) ??
      `Check the identity '${plugin}' uses (its vendor's default credential chain, or the credentials in conf/<env>/targets.yml) and its permissions.`,
    cause,
    details: { plugin, phase },
  });
}

export interface RuntimeOptions {
  readonly runId: string;
  readonly projectRoot: string;
  readonly logger: Logger;
  readonly signal?: AbortSignal | undefined;
  readonly emit?: EventSink | undefined;
  /** First retry pause for throttled calls; doubles each time. @default 500 */
  readonly retryBaseMs?: number | undefined;
}

/** A plugin behind core's runtime wrapper: validated options, phase order, timeouts, one error shape. */
export interface PluginRuntime {
  readonly plugin: RunnerPlugin<unknown>;
  supports(capability: CapabilityName): boolean;
  /** Core's checks and the plugin's; throws PREFLIGHT_FAILED listing every problem. */
  preflight(plan: ExecutionPlan): Promise<void>;
  compile(plan: ExecutionPlan): Promise<CompiledSpec>;
  package(plan: ExecutionPlan): Promise<ArtifactRef>;
  submit(compiled: CompiledSpec, artifact: ArtifactRef): Promise<RunHandle>;
  poll(handle: RunHandle): Promise<RunStatus>;
  cancel(handle: RunHandle): Promise<void>;
  explain(plan: ExecutionPlan): Promise<StepPlacement[] | undefined>;
  schedule(compiled: CompiledSpec, artifact: ArtifactRef, request: ScheduleRequest): Promise<Installed>;
  deploy(compiled: CompiledSpec, artifact: ArtifactRef): Promise<Installed>;
  /** The run's log lines; PLUGIN_ERROR when the target has no `logs`. */
  logs(handle: RunHandle, opts: { follow: boolean }): AsyncIterable<LogLine>;
}

/** Validate raw target options with the plugin's schema; every issue with its key path. */
export async function validatePluginOptions<O>(plugin: RunnerPlugin<O>, raw: unknown, source: string): Promise<O> {
  const result = await plugin.options["~standard"].validate(raw ?? {});
  if (result.issues === undefined) return result.value;
  const lines = result.issues.map((issue) => {
    const path = (issue.path ?? []).map((p) => (typeof p === "object" ? p.key : p)).join(".");
    return `- ${path || "(root)"}: ${issue.message}`;
  });
  throw new FerryError("PLUGIN_OPTIONS_INVALID", {
    message: `Options for target '${plugin.name}' (${source}) are invalid:\n${lines.join("\n")}`,
    hint: `Fix the '${plugin.name}' section of ${source}.`,
  });
}

/** Turn any throw of a plugin phase into PLUGIN_ERROR { plugin, phase }, exactly once. */
export function pluginError(plugin: string, phase: Phase, cause: unknown): FerryError {
  if (FerryError.is(cause) && cause.details.plugin !== undefined) return cause;
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new FerryError("PLUGIN_ERROR", {
    message: `Target '${plugin}' failed in ${phase}: ${detail}`,
    hint: FerryError.is(cause) ? cause.hint : undefined,
    cause,
    details: { plugin, phase },
  });
}

export function wrapPlugin<O>(plugin: RunnerPlugin<O>, options: O, runtime: RuntimeOptions): PluginRuntime {
  const done = new Set<Phase>();
  const call = async <R>(
    phase: Exclude<Phase, "options" | "logs">,
    fn: (ctx: PluginContext<O>) => Promise<R>,
  ): Promise<R> => {
    const signal = AbortSignal.any([AbortSignal.timeout(TIMEOUTS[phase]), ...(runtime.signal ? [runtime.signal] : [])]);
    const ctx: PluginContext<O> = {
      options,
      runId: runtime.runId,
      projectRoot: runtime.projectRoot,
      logger: runtime.logger,
      signal,
      emit: runtime.emit ?? (() => {}),
    };
    runtime.logger.debug(`${plugin.name}: ${phase}`);
    const aborted = new Promise<never>((_, reject) => {
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
    aborted.catch(() => {});
    for (let attempt = 1; ; attempt++) {
      try {
        signal.throwIfAborted();
        const result = await Promise.race([fn(ctx), aborted]);
        done.add(phase);
        return result;
      } catch (cause) {
        // Throttling and brief outages are retried (submit is idempotent per run id); compile,
        // package and preflight failures are not the platform's mood and are reported at once.
        if (RETRIED.has(phase) && attempt < MAX_ATTEMPTS && !signal.aborted && isTransient(cause)) {
          const wait = backoffMs(cause, attempt, runtime.retryBaseMs ?? 500);
          runtime.logger.warn(
            `${plugin.name}: ${phase} was throttled or unavailable; retrying in ${Math.round(wait)} ms`,
            {
              attempt,
            },
          );
          await Promise.race([sleep(wait), aborted]).catch(() => {});
          continue;
        }
        if (isAuthError(cause)) throw authError(plugin.name, phase, cause);
        throw pluginError(plugin.name, phase, cause);
      }
    }
  };
  const requireDone = (phase: Phase, before: Phase[]) => {
    const missing = before.filter((p) => !done.has(p));
    if (missing.length > 0) {
      throw new FerryError("PLUGIN_PHASE_ORDER", {
        message: `${phase} was called on target '${plugin.name}' before ${missing.join(" and ")}.`,
        details: { plugin: plugin.name, phase },
      });
    }
  };
  const supports = (c: CapabilityName) => (plugin.capabilities[c] ?? "unsupported") !== "unsupported";
  const unsupported = (phase: "schedule" | "deploy") =>
    new FerryError("CAPABILITY_UNSUPPORTED", {
      message: `Target '${plugin.name}' cannot ${phase === "schedule" ? "schedule runs" : "deploy pipelines"}.`,
      hint: `Targets that can: see the '${phase}' column of ferry targets.`,
      details: { plugin: plugin.name, phase },
    });
  return {
    plugin: plugin as RunnerPlugin<unknown>,
    supports,
    async preflight(plan) {
      const own = plugin.preflight;
      const extra = own ? await call("preflight", (ctx) => own(ctx, plan)) : [];
      throwPreflight(plugin as RunnerPlugin<unknown>, [
        ...genericProblems(plan, plugin as RunnerPlugin<unknown>),
        ...extra,
      ]);
    },
    compile: (plan) => call("compile", (ctx) => plugin.compile(ctx, plan)),
    package: (plan) => call("package", (ctx) => plugin.package(ctx, plan)),
    submit(compiled, artifact) {
      requireDone("submit", ["compile", "package"]);
      return call("submit", (ctx) => plugin.submit(ctx, compiled, artifact));
    },
    poll: (handle) => call("poll", (ctx) => plugin.poll(ctx, handle)),
    cancel(handle) {
      const cancel = plugin.cancel;
      if (!supports("cancel") || cancel === undefined) {
        return Promise.reject(
          new FerryError("PLUGIN_ERROR", {
            message: `Target '${plugin.name}' cannot cancel runs.`,
            hint: "Stop the run from the platform's console.",
            details: { plugin: plugin.name, phase: "cancel" },
          }),
        );
      }
      return call("cancel", (ctx) => cancel(ctx, handle));
    },
    async *logs(handle, opts) {
      const logs = plugin.logs;
      if (!supports("logs") || logs === undefined) {
        throw new FerryError("PLUGIN_ERROR", {
          message: `Target '${plugin.name}' cannot stream logs.`,
          hint: handle.url ? `See the run's logs at ${handle.url}` : "See the run's logs in the platform's console.",
          details: { plugin: plugin.name, phase: "logs" },
        });
      }
      const ctx = { options, runId: runtime.runId, projectRoot: runtime.projectRoot, logger: runtime.logger };
      try {
        yield* logs({ ...ctx, signal: runtime.signal ?? new AbortController().signal, emit: () => {} }, handle, opts);
      } catch (cause) {
        throw pluginError(plugin.name, "logs", cause);
      }
    },
    explain(plan) {
      const explain = plugin.explain;
      return explain ? call("explain", (ctx) => explain(ctx, plan)) : Promise.resolve(undefined);
    },
    schedule(compiled, artifact, request) {
      const schedule = plugin.schedule;
      if (!supports("schedule") || schedule === undefined) return Promise.reject(unsupported("schedule"));
      requireDone("schedule", ["compile", "package"]);
      return call("schedule", (ctx) => schedule(ctx, compiled, artifact, request));
    },
    deploy(compiled, artifact) {
      const deploy = plugin.deploy;
      if (!supports("deploy") || deploy === undefined) return Promise.reject(unsupported("deploy"));
      requireDone("deploy", ["compile", "package"]);
      return call("deploy", (ctx) => deploy(ctx, compiled, artifact));
    },
  };
}
