export { memory } from "./memory.ts";
export { bytes, json, text } from "./plain.ts";
export { csv, excel, parquet } from "./tabular.ts";
