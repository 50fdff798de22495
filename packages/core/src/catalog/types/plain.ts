import type { DatasetType } from "../dataset-type.ts";
import { defineFileType } from "../file-type.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const jsonType = defineFileType<unknown>({
  type: "json",
  kind: "json",
  decode: (bytes) => JSON.parse(decoder.decode(bytes)),
  encode: (value, args) => encoder.encode(`${JSON.stringify(value, null, (args.indent as number) ?? 2)}\n`),
});

const textType = defineFileType<string>({
  type: "text",
  kind: "text",
  decode: (bytes) => decoder.decode(bytes),
  encode: (value) => encoder.encode(value),
});

const bytesType = defineFileType<Uint8Array>({
  type: "bytes",
  kind: "bytes",
  decode: (bytes) => bytes,
  encode: (value) => value,
});

/** A JSON document (any JSON-serializable value). save_args: `indent` (default 2). */
export function json<T>(): DatasetType<T> {
  return jsonType as DatasetType<T>;
}

/** A UTF-8 text file. */
export function text(): DatasetType<string> {
  return textType;
}

/** Raw bytes. */
export function bytes(): DatasetType<Uint8Array> {
  return bytesType;
}
