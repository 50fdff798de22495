import type { Readable } from "node:stream";

/**
 * Reads and writes bytes at URIs of one scheme. Core ships `file` and `memory`; object
 * stores come as packages (`@ferry/storage-s3`, ...), registered in ferry.config.ts.
 */
export interface StorageDriver {
  /** URI scheme without the colon: `file`, `memory`, `s3`, ... */
  readonly scheme: string;
  read(uri: string): Promise<Uint8Array>;
  /** Atomic: readers see the old object or the whole new one, never a partial write. */
  write(uri: string, data: Uint8Array): Promise<void>;
  /**
   * Streams the object's bytes; memory stays bounded whatever the object's size.
   * @throws what `read` throws for the same URI (a missing object, bucket or credentials),
   * before any byte is streamed.
   */
  readStream(uri: string): Promise<Readable>;
  /**
   * Writes the stream's bytes; atomic like `write` (readers never see a partial object).
   * When `source` fails, the promise rejects with its error and the previous object, if
   * any, is left as it was.
   */
  writeStream(uri: string, source: Readable | AsyncIterable<Uint8Array>): Promise<void>;
  exists(uri: string): Promise<boolean>;
  /** URIs of every object under `prefix` (recursive), sorted. */
  list(prefix: string): Promise<string[]>;
  delete(uri: string): Promise<void>;
}
