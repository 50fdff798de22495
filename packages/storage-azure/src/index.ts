export { type AzureDriverOptions, createAzureDriver } from "./azure-driver.ts";
