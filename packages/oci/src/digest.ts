import { createHash, type Hash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

/** `sha256:<hex>` of some bytes. */
export function sha256(data: Uint8Array | string): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

/** A pass-through stream that hashes and counts what flows through it. */
export class DigestStream extends Transform {
  #hash: Hash = createHash("sha256");
  #size = 0;
  #digest: string | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#hash.update(chunk);
    this.#size += chunk.length;
    callback(null, chunk);
  }

  /** `sha256:<hex>` of everything that passed; call after the stream ended. */
  get digest(): string {
    this.#digest ??= `sha256:${this.#hash.digest("hex")}`;
    return this.#digest;
  }

  get size(): number {
    return this.#size;
  }
}
