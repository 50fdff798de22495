/** The trained linear model, as saved to the `regressor` dataset. */
export interface RegressorModel {
  readonly features: readonly string[];
  /** Coefficients per feature, then the intercept. */
  readonly coefficients: readonly number[];
  readonly intercept: number;
}

export interface Metrics {
  readonly r2_score: number;
}
