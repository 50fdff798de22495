export { createS3Driver, type S3DriverOptions } from "./s3-driver.ts";
