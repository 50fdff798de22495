import type { DataFrame } from "nodejs-polars";

/** A dataframe sent between threads as Arrow IPC bytes. */
interface EncodedFrame {
  readonly __ferry: "arrow-ipc";
  readonly bytes: Uint8Array;
}

function isDataFrame(value: unknown): value is DataFrame {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as DataFrame).writeIPC === "function" &&
    typeof (value as DataFrame).toRecords === "function"
  );
}

/** Make a value structured-cloneable: dataframes become Arrow IPC bytes. */
export function encodeForTransfer(value: unknown): unknown {
  return isDataFrame(value) ? { __ferry: "arrow-ipc", bytes: value.writeIPC() } : value;
}

export async function decodeTransfer(value: unknown): Promise<unknown> {
  if (typeof value === "object" && value !== null && (value as EncodedFrame).__ferry === "arrow-ipc") {
    const { default: pl } = await import("nodejs-polars");
    return pl.readIPC(Buffer.from((value as EncodedFrame).bytes));
  }
  return value;
}
