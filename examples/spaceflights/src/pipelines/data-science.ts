import { type DataFrame, log, node, pipeline } from "@ferry/core";
import MLR from "ml-regression-multivariate-linear";
import pl from "nodejs-polars";
import { catalog } from "../catalog.ts";
import type { Metrics, RegressorModel } from "../model.ts";
import { type ModelOptions, params } from "../params.ts";
import { shuffledIndices } from "../random.ts";

/** Columns as numbers (booleans → 0/1), one row array per record, for the regression. */
function rowsOf(frame: DataFrame): number[][] {
  const columns = frame.columns.map((c) => frame.getColumn(c).cast(pl.Float64).toArray() as number[]);
  return Array.from({ length: frame.height }, (_, i) => columns.map((col) => col[i] as number));
}

/** A seeded shuffle, then the first `test_size` share as the test set (sklearn's rounding). */
export function splitData(data: DataFrame, options: ModelOptions): [DataFrame, DataFrame, DataFrame, DataFrame] {
  const nTest = Math.ceil(options.test_size * data.height);
  const order = shuffledIndices(data.height, options.random_state);
  const pick = (idx: number[]) => data.select(pl.all().gather(idx));
  const test = pick(order.slice(0, nTest));
  const train = pick(order.slice(nTest));
  const x = (d: DataFrame) => d.select(...options.features);
  const y = (d: DataFrame) => d.select("price");
  return [x(train), x(test), y(train), y(test)];
}

/** Ordinary least squares with an intercept. */
export function trainModel(xTrain: DataFrame, yTrain: DataFrame): RegressorModel {
  const model = new MLR(rowsOf(xTrain), rowsOf(yTrain), { intercept: true, statistics: false });
  const weights = model.weights.map((w) => w[0] as number);
  return {
    features: xTrain.columns,
    coefficients: weights.slice(0, -1),
    intercept: weights.at(-1) as number,
  };
}

export function predict(model: RegressorModel, x: DataFrame): number[] {
  return rowsOf(x.select(...model.features)).map((row) =>
    row.reduce((sum, v, i) => sum + v * (model.coefficients[i] as number), model.intercept),
  );
}

/** r² of the model on the test set, logged as Kedro's tutorial does. */
export function evaluateModel(model: RegressorModel, xTest: DataFrame, yTest: DataFrame): Metrics {
  const predicted = predict(model, xTest);
  const actual = yTest.getColumn("price").toArray() as number[];
  const mean = actual.reduce((a, b) => a + b, 0) / actual.length;
  let residual = 0;
  let total = 0;
  actual.forEach((y, i) => {
    residual += (y - (predicted[i] as number)) ** 2;
    total += (y - mean) ** 2;
  });
  const r2 = 1 - residual / total;
  log(`Model has a coefficient R^2 of ${r2.toFixed(3)} on test data.`);
  return { r2_score: r2 };
}

export const dataScience = pipeline([
  node({
    name: "split_data_node",
    inputs: [catalog.model_input_table, params("model_options")],
    outputs: [catalog.X_train, catalog.X_test, catalog.y_train, catalog.y_test],
    func: splitData,
  }),
  node({
    name: "train_model_node",
    inputs: [catalog.X_train, catalog.y_train],
    outputs: catalog.regressor,
    func: trainModel,
  }),
  node({
    name: "evaluate_model_node",
    inputs: [catalog.regressor, catalog.X_test, catalog.y_test],
    outputs: catalog.metrics,
    func: evaluateModel,
  }),
]);
