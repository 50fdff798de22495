import { createReadStream, createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createS3Driver } from "@ferry/storage-s3";

const s3 = createS3Driver({ endpoint: process.env.S3_ENDPOINT });

// A file larger than memory goes up in 8 MiB parts; the object appears whole or not at all.
await s3.writeStream("s3://my-bucket/raw/events.jsonl", createReadStream("events.jsonl"));

// And comes back chunk by chunk, here into another file.
await pipeline(await s3.readStream("s3://my-bucket/raw/events.jsonl"), createWriteStream("copy.jsonl"));
