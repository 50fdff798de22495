import type { RunHandle, RunState } from "../plugin/contract.ts";
import type { ErrorInfo } from "../runner/events.ts";

export interface NodeRecord {
  status: "running" | "succeeded" | "failed";
  startedAt?: number;
  endedAt?: number;
  durationMs?: number;
  error?: ErrorInfo;
}

/** `.ferry/runs/<id>.json`: everything known about one run. Plain JSON. */
export interface RunRecord {
  readonly id: string;
  readonly project: string;
  readonly target: string;
  readonly pipeline: string;
  readonly env: string | null;
  readonly params: Readonly<Record<string, unknown>>;
  /** Options of the run, as given (`--nodes`, `--parallel`, `--params`, ...), for the resume command. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The target's validated options (plain JSON, no secrets), for polling and cancelling later. */
  readonly targetOptions?: unknown;
  /** The process that drives the run. */
  readonly pid: number;
  status: RunState;
  createdAt: number;
  endedAt?: number;
  durationMs?: number;
  handle?: RunHandle;
  nodes: Record<string, NodeRecord>;
  error?: ErrorInfo;
  /** Nodes to pass to --from-nodes to finish a failed run. */
  resumeFrom?: string[];
  /** What nodes logged (the last 1,000 lines). */
  logs?: { at: number; node: string; message: string }[];
}
