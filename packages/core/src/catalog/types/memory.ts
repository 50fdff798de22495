import type { DatasetType } from "../dataset-type.ts";

const memoryType: DatasetType<unknown> = {
  type: "memory",
  kind: "any",
  persistent: false,
  create(entry) {
    let value: { current: unknown } | undefined;
    return {
      async load() {
        if (value === undefined) throw new Error(`Memory dataset '${entry.name}' holds no value yet.`);
        return value.current;
      },
      async save(v) {
        value = { current: v };
      },
      exists: async () => value !== undefined,
      describe: () => ({ type: "memory" }),
    };
  },
};

/** A value kept in the running process and passed between nodes. The default for undeclared outputs. */
export function memory<T>(): DatasetType<T> {
  return memoryType as DatasetType<T>;
}
