export interface ScheduleResult {
  readonly status: "succeeded" | "failed" | "cancelled";
  /** Units that finished, in completion order. */
  readonly completed: readonly string[];
  readonly failed?: { readonly node: string; readonly error: unknown } | undefined;
}

/** Something to run once its parents are done: a node, or a step of nodes. */
export interface Unit {
  readonly name: string;
  readonly parents: readonly string[];
  /** Datasets it reads; each is released once no pending unit reads it. */
  readonly reads: readonly string[];
}

export interface ScheduleOptions<U extends Unit> {
  /** In a topological order; ready units start in this order. */
  readonly units: readonly U[];
  /** Units running at once. */
  readonly concurrency: number;
  runOne(unit: U): Promise<void>;
  /** Called once no running or pending unit reads `dataset` any more. */
  release?(dataset: string): void;
  readonly signal?: AbortSignal | undefined;
  onStart?(unit: U, at: number): void;
  onEnd?(unit: U, at: number, durationMs: number): void;
  onFail?(unit: U, at: number, durationMs: number, error: unknown): void;
}

/**
 * Run units as their parents finish, up to `concurrency` at once. After a failure or a
 * cancel nothing new starts; running units finish first.
 */
export function schedule<U extends Unit>(options: ScheduleOptions<U>): Promise<ScheduleResult> {
  const { units, concurrency, runOne, release, signal } = options;
  const pending = new Map<string, number>();
  const children = new Map<string, U[]>();
  const readers = new Map<string, number>();
  for (const u of units) {
    for (const d of u.reads) readers.set(d, (readers.get(d) ?? 0) + 1);
    pending.set(u.name, u.parents.length);
    for (const p of u.parents) (children.get(p) ?? children.set(p, []).get(p))?.push(u);
  }
  const ready: U[] = units.filter((u) => u.parents.length === 0);
  let next = 0;
  let running = 0;
  const completed: string[] = [];
  let failed: ScheduleResult["failed"];

  return new Promise((resolve) => {
    const finish = () => {
      const cancelled = signal?.aborted && completed.length < units.length;
      resolve({ status: failed ? "failed" : cancelled ? "cancelled" : "succeeded", completed, failed });
    };
    const done = (u: U, started: number) => {
      running--;
      completed.push(u.name);
      const at = Date.now();
      options.onEnd?.(u, at, at - started);
      for (const d of u.reads) {
        const left = (readers.get(d) ?? 1) - 1;
        readers.set(d, left);
        if (left === 0) release?.(d);
      }
      for (const c of children.get(u.name) ?? []) {
        const left = (pending.get(c.name) ?? 1) - 1;
        pending.set(c.name, left);
        if (left === 0) ready.push(c);
      }
      pump();
    };
    const fail = (u: U, started: number, error: unknown) => {
      running--;
      // A unit stopped by the cancel (a killed step process) is part of the cancel, not a failure.
      if (signal?.aborted) return pump();
      failed ??= { node: u.name, error };
      const at = Date.now();
      options.onFail?.(u, at, at - started, error);
      pump();
    };
    const pump = () => {
      while (failed === undefined && !signal?.aborted && running < concurrency && next < ready.length) {
        const u = ready[next++] as U;
        running++;
        const started = Date.now();
        options.onStart?.(u, started);
        runOne(u).then(
          () => done(u, started),
          (error: unknown) => fail(u, started, error),
        );
      }
      if (running === 0) finish();
    };
    pump();
  });
}
