import { Readable } from "node:stream";
import type { StorageDriver } from "./driver.ts";

/** Bytes kept in this process, for tests and scratch data (streams are held whole, too). */
export function createMemoryDriver(): StorageDriver {
  const objects = new Map<string, Uint8Array>();
  const missing = (uri: string) => Object.assign(new Error(`No object at ${uri}`), { code: "ENOENT" });
  const read = async (uri: string) => {
    const data = objects.get(uri);
    if (data === undefined) throw missing(uri);
    return data;
  };
  return {
    scheme: "memory",
    read,
    async write(uri, data) {
      objects.set(uri, new Uint8Array(data));
    },
    async readStream(uri) {
      const data = await read(uri);
      return Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)], { objectMode: false });
    },
    async writeStream(uri, source) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of source) chunks.push(chunk);
      objects.set(uri, new Uint8Array(Buffer.concat(chunks)));
    },
    exists: async (uri) => objects.has(uri),
    list: async (prefix) => [...objects.keys()].filter((k) => k.startsWith(prefix)).sort(),
    async delete(uri) {
      if (!objects.delete(uri)) throw missing(uri);
    },
  };
}
