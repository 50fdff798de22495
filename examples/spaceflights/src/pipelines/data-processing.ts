import { type DataFrame, node, pipeline } from "@ferry/core";
import pl from "nodejs-polars";
import { catalog } from "../catalog.ts";

// Same cleaning rules as Kedro's spaceflights tutorial.
const isTrue = (column: string) => pl.col(column).eq(pl.lit("t")).fillNull(false).alias(column);
const parsePercentage = (column: string) =>
  pl.col(column).str.replace("%", "", true).cast(pl.Float64).div(100).alias(column);
const parseMoney = (column: string) =>
  pl.col(column).str.replaceAll("$", "", true).str.replaceAll(",", "", true).cast(pl.Float64).alias(column);

/** `iata_approved` t/f → boolean, `company_rating` "90%" → 0.9. */
export function preprocessCompanies(companies: DataFrame): DataFrame {
  return companies.withColumns(isTrue("iata_approved"), parsePercentage("company_rating"));
}

/** Flags t/f → booleans, `price` "$1,715.0" → 1715. */
export function preprocessShuttles(shuttles: DataFrame): DataFrame {
  return shuttles.withColumns(isTrue("d_check_complete"), isTrue("moon_clearance_complete"), parseMoney("price"));
}

/**
 * Shuttles ⋈ reviews on id = shuttle_id (shuttles' `id` dropped), ⋈ companies on
 * company_id = id, then rows with any missing value dropped. Columns and their order are
 * pandas' `merge` output, so the table equals Kedro's.
 */
export function createModelInputTable(shuttles: DataFrame, companies: DataFrame, reviews: DataFrame): DataFrame {
  const rated = shuttles
    .join(reviews.withColumns(pl.col("shuttle_id").alias("__shuttle")), {
      leftOn: "id",
      rightOn: "__shuttle",
    })
    .drop("id");
  const table = rated.join(companies.withColumns(pl.col("id").alias("__company")), {
    leftOn: "company_id",
    rightOn: "__company",
  });
  const order = [...rated.columns, ...companies.columns];
  return table.select(...order).dropNulls();
}

export const dataProcessing = pipeline([
  node({
    name: "preprocess_companies_node",
    inputs: [catalog.companies],
    outputs: catalog.preprocessed_companies,
    func: preprocessCompanies,
  }),
  node({
    name: "preprocess_shuttles_node",
    inputs: [catalog.shuttles],
    outputs: catalog.preprocessed_shuttles,
    func: preprocessShuttles,
  }),
  node({
    name: "create_model_input_table_node",
    inputs: [catalog.preprocessed_shuttles, catalog.preprocessed_companies, catalog.reviews],
    outputs: catalog.model_input_table,
    func: createModelInputTable,
  }),
]);
