import type { DatasetType } from "../dataset-type.ts";
import { memory } from "./memory.ts";
import { bytes, json, text } from "./plain.ts";
import { csv, excel, parquet } from "./tabular.ts";

/** The dataset types every project has. */
export const builtinTypes: readonly DatasetType<unknown>[] = [
  csv(),
  parquet(),
  excel(),
  json(),
  text(),
  bytes(),
  memory(),
] as DatasetType<unknown>[];
