import type { StandardSchemaV1 } from "@standard-schema/spec";

/**
 * A Standard Schema whose implementation loads on first use. Keeps the schema library
 * (zod) out of start-up, notably out of every worker thread that imports @ferry/core.
 */
export function lazySchema<T>(load: () => Promise<StandardSchemaV1<unknown, T>>): StandardSchemaV1<unknown, T> {
  let schema: Promise<StandardSchemaV1<unknown, T>> | undefined;
  return {
    "~standard": {
      version: 1,
      vendor: "ferry",
      async validate(value) {
        schema ??= load();
        return (await schema)["~standard"].validate(value);
      },
    },
  };
}
