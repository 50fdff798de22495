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
  exists(uri: string): Promise<boolean>;
  /** URIs of every object under `prefix` (recursive), sorted. */
  list(prefix: string): Promise<string[]>;
  delete(uri: string): Promise<void>;
}
