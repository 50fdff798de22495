import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Problem } from "../pipeline/validate.ts";
import type { ExecutionPlan } from "../plan/plan.ts";
import type { ErrorInfo, RunEvent } from "../runner/events.ts";

/** How well a target supports a feature (Astro's feature levels). */
export type Stability = "stable" | "experimental" | "limited" | "deprecated" | "unsupported";

/** Features a target may offer. A capability left out is `unsupported`. */
export type CapabilityName = "cancel" | "logs" | "schedule" | "deploy" | "gpu" | "parallel" | "retry" | "explain";
export type Capabilities = { readonly [K in CapabilityName]?: Stability };

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A labelled logger; plugins never print. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What core hands a plugin in every phase. */
export interface PluginContext<Options> {
  /** The target options, already validated by the plugin's schema. */
  readonly options: Options;
  readonly runId: string;
  readonly projectRoot: string;
  readonly logger: Logger;
  /** Aborted on Ctrl-C or when the phase times out. */
  readonly signal: AbortSignal;
  /** Report run progress (targets that observe node-level events). */
  emit(event: RunEvent): void;
}

/** Native spec files, deterministic for a given plan. @since contract 1 */
export interface CompiledSpec {
  /** File name → content. */
  readonly files: Readonly<Record<string, string>>;
  /** One line for humans, e.g. "7 steps, 8 edges". */
  readonly summary: string;
}

/** What `package` produced: an image by digest, a code bundle URI, or nothing (local). */
export interface ArtifactRef {
  readonly kind: "image" | "bundle" | "none";
  readonly uri?: string;
  readonly digest?: string;
}

/** Enough to find a submitted run again, from any process. Plain JSON. */
export interface RunHandle {
  readonly target: string;
  readonly runId: string;
  /** The platform's console page for the run. */
  readonly url?: string;
  /** How long core waits between polls. @default 5000 */
  readonly pollAfterMs?: number;
  /** Target-specific ids (job name, execution ARN, ...). */
  readonly data?: { readonly [key: string]: JsonValue };
}

export type RunState = "queued" | "running" | "succeeded" | "failed" | "cancelling" | "cancelled";

export interface StepStatus {
  readonly state: RunState;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly error?: ErrorInfo;
}

/** One status read. */
export interface RunStatus {
  readonly state: RunState;
  /** Per step (node or group), when the target reports them. */
  readonly steps?: Readonly<Record<string, StepStatus>>;
  readonly error?: ErrorInfo;
}

export interface LogLine {
  readonly at: number;
  readonly step?: string;
  readonly text: string;
}

/** Where a step runs: machine type, warehouse, pod size. */
export interface StepPlacement {
  readonly step: string;
  readonly placement: string;
  readonly warnings?: readonly string[];
}

/** A recurring run of the compiled pipeline: `ferry schedule --cron`. @since contract 1 */
export interface ScheduleRequest {
  /** The schedule's name on the platform; creating it again replaces it. */
  readonly name: string;
  /** Five-field cron expression (minute hour day-of-month month day-of-week). */
  readonly cron: string;
  /** IANA time zone the cron is read in. @default "UTC" */
  readonly timeZone: string;
  /** Create it paused. @default false */
  readonly paused?: boolean;
}

/** A pipeline installed on the platform (a schedule, or a pipeline version UI users run). */
export interface Installed {
  readonly target: string;
  /** The platform's resource name or id. */
  readonly id: string;
  readonly url?: string;
  /** One line for humans: "schedule 'nightly' created (0 3 * * * UTC)". */
  readonly summary: string;
  readonly data?: { readonly [key: string]: JsonValue };
}

/** What `--emulate` runs against: a local stand-in for the target's API. @since contract 1 */
export interface TargetEmulator {
  /** The target options, rewritten so every phase reaches the emulator instead of the cloud. */
  readonly options: unknown;
  /** Where the emulator listens, for messages. */
  readonly url: string;
  /** Stop it and whatever it still runs. */
  close(): Promise<void>;
}

/** The `startEmulator` export of a plugin package's `./emulator` subpath. */
export type StartEmulator = (context: {
  readonly projectRoot: string;
  /** The target's options, validated. */
  readonly options: unknown;
  readonly logger: Logger;
}) => Promise<TargetEmulator>;

/**
 * A runner plugin: a plain object built with `defineRunnerPlugin`. Every value that crosses
 * a phase is JSON, so submit and poll may run in different processes.
 */
export interface RunnerPlugin<Options> {
  /** The `--target` value. */
  readonly name: string;
  /** Contract version; bumped only on breaking change. */
  readonly contract: 1;
  /** Validates target options (from targets.yml and flags) before any phase. */
  readonly options: StandardSchemaV1<unknown, Options>;
  readonly capabilities: Capabilities;
  /**
   * URI schemes the target's steps can read and write (`["gs"]` for Vertex). Preflight
   * rejects datasets elsewhere. @default any scheme
   */
  readonly schemes?: readonly string[];
  /** Target-specific checks of a plan (step names, machine limits), run before compile. */
  preflight?(ctx: PluginContext<Options>, plan: ExecutionPlan): Promise<readonly Problem[]>;
  /** Pure, deterministic and offline. */
  compile(ctx: PluginContext<Options>, plan: ExecutionPlan): Promise<CompiledSpec>;
  package(ctx: PluginContext<Options>, plan: ExecutionPlan): Promise<ArtifactRef>;
  /** Idempotent per run id: a retried submit must not start a second run. */
  submit(ctx: PluginContext<Options>, compiled: CompiledSpec, artifact: ArtifactRef): Promise<RunHandle>;
  /** One status read; core drives the loop. */
  poll(ctx: PluginContext<Options>, handle: RunHandle): Promise<RunStatus>;
  cancel?(ctx: PluginContext<Options>, handle: RunHandle): Promise<void>;
  logs?(ctx: PluginContext<Options>, handle: RunHandle, opts: { follow: boolean }): AsyncIterable<LogLine>;
  explain?(ctx: PluginContext<Options>, plan: ExecutionPlan): Promise<StepPlacement[]>;
  /**
   * Create or replace a schedule that runs the compiled pipeline on a cron (capability
   * `schedule`). Idempotent per `request.name`.
   */
  schedule?(
    ctx: PluginContext<Options>,
    compiled: CompiledSpec,
    artifact: ArtifactRef,
    request: ScheduleRequest,
  ): Promise<Installed>;
  /** Upload the compiled pipeline as a named version UI users can run (capability `deploy`). */
  deploy?(ctx: PluginContext<Options>, compiled: CompiledSpec, artifact: ArtifactRef): Promise<Installed>;
}

export const TERMINAL_STATES: ReadonlySet<RunState> = new Set(["succeeded", "failed", "cancelled"]);
