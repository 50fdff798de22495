/** A failure as plain JSON (crosses threads, processes and run records). */
export interface ErrorInfo {
  readonly code: string;
  readonly message: string;
  readonly hint?: string | undefined;
  readonly node?: string | undefined;
  readonly dataset?: string | undefined;
  readonly stack?: string | undefined;
}

/** Typed events of a run, in order. Times are epoch milliseconds. */
export type RunEvent =
  | {
      readonly type: "run-start";
      readonly runId: string;
      readonly nodes: readonly string[];
      readonly at: number;
    }
  | {
      readonly type: "node-start";
      readonly runId: string;
      readonly node: string;
      readonly at: number;
    }
  | {
      readonly type: "node-end";
      readonly runId: string;
      readonly node: string;
      readonly at: number;
      readonly durationMs: number;
    }
  | {
      readonly type: "node-fail";
      readonly runId: string;
      readonly node: string;
      readonly at: number;
      readonly durationMs: number;
      readonly error: ErrorInfo;
    }
  | {
      readonly type: "log";
      readonly runId: string;
      readonly node: string;
      readonly at: number;
      readonly message: string;
    }
  | {
      readonly type: "run-end";
      readonly runId: string;
      readonly status: "succeeded" | "failed" | "cancelled";
      readonly at: number;
      readonly error?: ErrorInfo | undefined;
    };

export type EventSink = (event: RunEvent) => void;
