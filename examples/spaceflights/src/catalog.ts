import { csv, type DataFrame, defineCatalog, json, memory, parquet } from "@ferry/core";
import type { Metrics, RegressorModel } from "./model.ts";

// Which datasets exist and their in-memory types. Where they live: conf/<env>/catalog.yml.
// `shuttles` is a CSV by default; the `kedro` env reads Kedro's own shuttles.xlsx instead
// (both are dataframes, so the switch is allowed).
export const catalog = defineCatalog({
  companies: csv(),
  reviews: csv(),
  shuttles: csv(),
  preprocessed_companies: parquet(),
  preprocessed_shuttles: parquet(),
  model_input_table: parquet(),
  X_train: memory<DataFrame>(),
  X_test: memory<DataFrame>(),
  y_train: memory<DataFrame>(),
  y_test: memory<DataFrame>(),
  regressor: json<RegressorModel>(),
  metrics: json<Metrics>(),
});
