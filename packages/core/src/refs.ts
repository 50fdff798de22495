import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { DatasetType } from "./catalog/dataset-type.ts";
import { paramName } from "./names.ts";

/** A typed reference to a catalog dataset. `T` is the in-memory type nodes see. */
export interface DatasetRef<T> {
  readonly kind: "dataset";
  readonly name: string;
  /** The format declared in TypeScript; YAML may switch to another of the same `kind`. */
  readonly type: DatasetType<T>;
  readonly __type?: (t: T) => T;
}

/** A typed reference to a parameter (a dotted path into parameters.yml). */
export interface ParamRef<T> {
  readonly kind: "param";
  /** Serialized name, `params:<path>`. */
  readonly name: string;
  readonly path: string;
  readonly __type?: (t: T) => T;
}

export type AnyRef = DatasetRef<any> | ParamRef<any>;
export type TypeOf<R> = R extends DatasetRef<infer T> | ParamRef<infer T> ? T : never;

type Catalog<S extends Record<string, DatasetType<any>>> = {
  readonly [K in keyof S & string]: S[K] extends DatasetType<infer T> ? DatasetRef<T> : never;
};

/**
 * Declare the datasets of a project: which exist and their in-memory types. Where each
 * lives (path, format options, versioning) comes from `conf/<env>/catalog.yml`.
 * @example const catalog = defineCatalog({ companies: csv(), model: json<Model>() });
 */
export function defineCatalog<const S extends Record<string, DatasetType<any>>>(spec: S): Catalog<S> {
  const refs: Record<string, DatasetRef<unknown>> = {};
  for (const [name, type] of Object.entries(spec)) refs[name] = { kind: "dataset", name, type };
  return Object.freeze(refs) as Catalog<S>;
}

type Paths<T> = T extends readonly unknown[]
  ? never
  : T extends object
    ? { [K in keyof T & string]: K | `${K}.${Paths<T[K]>}` }[keyof T & string]
    : never;
type At<T, P extends string> = P extends `${infer H}.${infer R}`
  ? H extends keyof T
    ? At<T[H], R>
    : never
  : P extends keyof T
    ? T[P]
    : never;

/** Typed parameter refs: `params("model_options.test_size")` is a `ParamRef<number>`. */
export interface Params<T> {
  <P extends Paths<T>>(path: P): ParamRef<At<T, P>>;
  /** The schema that validates the merged parameters, when one was given. */
  readonly schema: StandardSchemaV1<unknown, T> | undefined;
}

/**
 * Declare the project's parameters. Pass a Standard Schema (zod, valibot, ...) to both type
 * and validate them, or only a type argument to type them.
 */
export function defineParams<T>(schema?: StandardSchemaV1<unknown, T>): Params<T> {
  const refs = new Map<string, ParamRef<unknown>>();
  const params = (path: string) => {
    let ref = refs.get(path);
    if (ref === undefined) {
      ref = Object.freeze({ kind: "param" as const, name: paramName(path), path });
      refs.set(path, ref);
    }
    return ref;
  };
  return Object.assign(params, { schema }) as Params<T>;
}
