import { csv, type DataFrame, defineCatalog, defineConfig, defineParams, json, node, pipeline } from "@ferry/core";
import pl from "nodejs-polars";

const catalog = defineCatalog({ trips: csv(), summary: json<{ rows: number; mean: number }>() });
const params = defineParams<{ min_distance: number }>();

const summarize = node({
  name: "summarize",
  inputs: [catalog.trips, params("min_distance")],
  outputs: catalog.summary,
  func: (trips: DataFrame, min: number) => {
    const long = trips.filter(pl.col("distance").gtEq(min));
    return { rows: long.height, mean: long.getColumn("distance").mean() };
  },
});

export const config = defineConfig({ name: "trips", catalog, params, pipelines: { main: pipeline([summarize]) } });
