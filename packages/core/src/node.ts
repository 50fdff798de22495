import type { AnyRef, DatasetRef, TypeOf } from "./refs.ts";

/** Compute a step needs. Issue-level defaults and per-env overrides are resolved by the planner. */
export interface Resources {
  /** vCPUs. */
  readonly cpu?: number;
  /** Memory in GiB. */
  readonly memoryGiB?: number;
  readonly gpu?: { readonly count: number; readonly type?: string };
  /** Wall-clock limit in seconds. */
  readonly timeoutSeconds?: number;
  /** Retries after a failure. @default 0 */
  readonly retries?: number;
}

type TypesOf<Rs extends readonly unknown[]> = { -readonly [K in keyof Rs]: TypeOf<Rs[K]> };
type Out<O> = O extends readonly DatasetRef<any>[]
  ? TypesOf<O>
  : O extends DatasetRef<infer T>
    ? T
    : O extends null
      ? void
      : never;
type Outputs = DatasetRef<any> | readonly DatasetRef<any>[] | null;

export interface NodeSpec<I extends readonly AnyRef[], O extends Outputs> {
  /** Unique within a pipeline. @default the function's name */
  name?: string;
  inputs: I;
  /** One ref (the function returns its value), a tuple of refs (it returns a tuple), or null. */
  outputs: O;
  func: (...args: TypesOf<I>) => Out<O> | Promise<Out<O>>;
  tags?: readonly string[];
  resources?: Resources;
  /** Container image for this node on remote targets. @default the project image */
  image?: string;
}

/** A pure function plus its wiring. Build with {@link node}; never mutated. */
export interface Node {
  readonly name: string;
  readonly inputs: readonly AnyRef[];
  /** Output refs, in the order the function returns them. */
  readonly outputs: readonly DatasetRef<unknown>[];
  /** True when the function returns a tuple (one value per output). */
  readonly multiOutput: boolean;
  readonly tags: readonly string[];
  readonly resources: Resources | undefined;
  readonly image: string | undefined;
  readonly func: (...args: any[]) => unknown;
}

/**
 * Declare a node. `tsc` checks the function against its wiring: each input ref's type
 * must match the parameter at its position, and the return type must match the output ref(s).
 */
export function node<const I extends readonly AnyRef[], const O extends Outputs>(spec: NodeSpec<I, O>): Node {
  const outputs = spec.outputs === null ? [] : Array.isArray(spec.outputs) ? spec.outputs : [spec.outputs];
  return Object.freeze({
    name: spec.name ?? spec.func.name,
    inputs: Object.freeze([...spec.inputs]),
    outputs: Object.freeze([...(outputs as DatasetRef<unknown>[])]),
    multiOutput: Array.isArray(spec.outputs),
    tags: Object.freeze([...(spec.tags ?? [])]),
    resources: spec.resources,
    image: spec.image,
    func: spec.func as (...args: any[]) => unknown,
  });
}
