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
type Awaitable<T> = T | Promise<T>;

/** Wiring and metadata shared by every node shape. */
export interface NodeSpecBase<I extends readonly AnyRef[]> {
  /** Unique within a pipeline. @default the function's name */
  name?: string;
  inputs: I;
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
export function node<const I extends readonly AnyRef[], const O extends readonly DatasetRef<any>[]>(
  spec: NodeSpecBase<I> & { outputs: O; func: (...args: TypesOf<I>) => Awaitable<TypesOf<O>> },
): Node;
export function node<const I extends readonly AnyRef[], T>(
  spec: NodeSpecBase<I> & { outputs: DatasetRef<T>; func: (...args: TypesOf<I>) => Awaitable<NoInfer<T>> },
): Node;
export function node<const I extends readonly AnyRef[]>(
  spec: NodeSpecBase<I> & { outputs: null; func: (...args: TypesOf<I>) => unknown },
): Node;
export function node(
  spec: NodeSpecBase<readonly AnyRef[]> & { outputs: unknown; func: (...args: any[]) => unknown },
): Node {
  const outputs = spec.outputs === null ? [] : Array.isArray(spec.outputs) ? spec.outputs : [spec.outputs];
  return createNode({
    name: spec.name ?? spec.func.name,
    inputs: spec.inputs,
    outputs: outputs as DatasetRef<unknown>[],
    multiOutput: Array.isArray(spec.outputs),
    tags: spec.tags ?? [],
    resources: spec.resources,
    image: spec.image,
    func: spec.func,
  });
}

/** A frozen node from its parts (no type checks: for code that rewires existing nodes). */
export function createNode(fields: Node): Node {
  return Object.freeze({
    ...fields,
    inputs: Object.freeze([...fields.inputs]),
    outputs: Object.freeze([...fields.outputs]),
    tags: Object.freeze([...fields.tags]),
  });
}
