import { deserialize, serialize } from "node:v8";
import type { DataFrame } from "nodejs-polars";
import type { DatasetType } from "../dataset-type.ts";
import { defineFileType } from "../file-type.ts";

/**
 * How a memory dataset crosses a step boundary (a process, a container): one header line
 * `ferry-intermediate/1 <format>` then the payload. Formats: `json` for plain JSON values,
 * `arrow-ipc` for polars DataFrames, `bytes` for Uint8Array, and `v8` (Node's structured
 * clone serialization) for anything else structured-cloneable (Map, Set, Date, typed arrays).
 */
type Format = "json" | "arrow-ipc" | "bytes" | "v8";
const MAGIC = "ferry-intermediate/1";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function isDataFrame(value: unknown): value is DataFrame {
  return typeof value === "object" && value !== null && typeof (value as DataFrame).writeIPC === "function";
}

/** Strictly JSON: plain objects and arrays of strings, finite numbers, booleans and null. */
function isJson(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  if (typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every(isJson);
}

function encode(value: unknown): Uint8Array {
  const [format, payload]: [Format, Uint8Array] = isDataFrame(value)
    ? ["arrow-ipc", value.writeIPC()]
    : value instanceof Uint8Array && value.constructor === Uint8Array
      ? ["bytes", value]
      : isJson(value)
        ? ["json", encoder.encode(JSON.stringify(value))]
        : ["v8", serialize(value)];
  const header = encoder.encode(`${MAGIC} ${format}\n`);
  const out = new Uint8Array(header.length + payload.length);
  out.set(header);
  out.set(payload, header.length);
  return out;
}

async function decode(bytes: Uint8Array): Promise<unknown> {
  const end = bytes.indexOf(10);
  const [magic, format] = decoder.decode(bytes.subarray(0, end)).split(" ");
  if (magic !== MAGIC) throw new Error("Not a Ferry intermediate (bad header).");
  const payload = bytes.subarray(end + 1);
  switch (format as Format) {
    case "json":
      return JSON.parse(decoder.decode(payload));
    case "bytes":
      return new Uint8Array(payload);
    case "v8":
      return deserialize(payload);
    case "arrow-ipc": {
      const { default: pl } = await import("nodejs-polars");
      return pl.readIPC(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength));
    }
    default:
      throw new Error(`Unknown intermediate format '${format}'.`);
  }
}

const intermediateType = defineFileType<unknown>({ type: "intermediate", kind: "any", decode, encode });

/** The run-scoped store of a memory dataset that crosses steps. Plans choose it; users need not. */
export function intermediate(): DatasetType<unknown> {
  return intermediateType;
}
