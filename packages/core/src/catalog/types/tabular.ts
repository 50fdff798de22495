import type { DataFrame } from "nodejs-polars";
import type { DatasetType } from "../dataset-type.ts";
import { defineFileType } from "../file-type.ts";
import { readExcel } from "./excel-reader.ts";

// nodejs-polars is a large native module: load it only when a tabular dataset is used.
const polars = async () => (await import("nodejs-polars")).default;
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const csvType = defineFileType<DataFrame>({
  type: "csv",
  kind: "dataframe",
  decode: async (bytes, args) => (await polars()).readCSV(asBuffer(bytes), { inferSchemaLength: 10_000, ...args }),
  encode: (df, args) => df.writeCSV(args),
});

const parquetType = defineFileType<DataFrame>({
  type: "parquet",
  kind: "dataframe",
  decode: async (bytes, args) => (await polars()).readParquet(asBuffer(bytes), args),
  encode: (df, args) => df.writeParquet(args),
});

const excelType = defineFileType<DataFrame>({
  type: "excel",
  kind: "dataframe",
  decode: async (bytes, args) => readExcel(await polars(), bytes, args),
  encode: () => {
    throw new Error("The excel type is read-only; save the table as csv or parquet instead.");
  },
});

/** A CSV file as a polars DataFrame. load_args/save_args go to polars `readCSV`/`writeCSV`. */
export function csv(): DatasetType<DataFrame> {
  return csvType;
}

/** A Parquet file as a polars DataFrame. load_args/save_args go to `readParquet`/`writeParquet`. */
export function parquet(): DatasetType<DataFrame> {
  return parquetType;
}

/** The first (or `load_args.sheet`) sheet of an .xlsx workbook as a DataFrame. Read-only. */
export function excel(): DatasetType<DataFrame> {
  return excelType;
}
