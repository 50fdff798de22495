export { createGcsDriver, type GcsDriverOptions } from "./gcs-driver.ts";
