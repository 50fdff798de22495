import type { StorageDriver } from "./driver.ts";

/** Bytes kept in this process, for tests and scratch data. */
export function createMemoryDriver(): StorageDriver {
  const objects = new Map<string, Uint8Array>();
  const missing = (uri: string) => Object.assign(new Error(`No object at ${uri}`), { code: "ENOENT" });
  return {
    scheme: "memory",
    async read(uri) {
      const data = objects.get(uri);
      if (data === undefined) throw missing(uri);
      return data;
    },
    async write(uri, data) {
      objects.set(uri, new Uint8Array(data));
    },
    exists: async (uri) => objects.has(uri),
    list: async (prefix) => [...objects.keys()].filter((k) => k.startsWith(prefix)).sort(),
    async delete(uri) {
      if (!objects.delete(uri)) throw missing(uri);
    },
  };
}
