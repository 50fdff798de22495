import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { FerryError } from "../errors/ferry-error.ts";
import { createFileDriver } from "../storage/file-driver.ts";
import { didYouMean } from "../suggest.ts";
import type { RunRecord } from "./run-record.ts";

/** A unique run id that sorts by start time, to the millisecond: `20261122-161128-042-a1b2`. */
export function createRunId(date = new Date()): string {
  const iso = date.toISOString(); // 2026-11-22T16:11:28.042Z
  const stamp = `${iso.slice(0, 10).replaceAll("-", "")}-${iso.slice(11, 19).replaceAll(":", "")}-${iso.slice(20, 23)}`;
  return `${stamp}-${randomBytes(2).toString("hex")}`;
}

/** Run records under `<project>/.ferry/runs/`, written atomically. */
export function createRunStore(projectRoot: string) {
  const dir = join(projectRoot, ".ferry", "runs");
  const file = createFileDriver();
  const encoder = new TextEncoder();
  const ids = async () =>
    (await readdir(dir).catch(() => [] as string[]))
      .filter((f) => f.endsWith(".json"))
      .map((f) => f.slice(0, -5))
      .sort()
      .reverse();
  return {
    dir,
    write: (record: RunRecord) =>
      file.write(
        pathToFileURL(join(dir, `${record.id}.json`)).href,
        encoder.encode(`${JSON.stringify(record, null, 2)}\n`),
      ),
    /** A run by id or unique id prefix. */
    async read(id: string): Promise<RunRecord> {
      const all = await ids();
      const matches = all.includes(id) ? [id] : all.filter((x) => x.startsWith(id));
      if (matches.length !== 1) {
        throw new FerryError("RUN_NOT_FOUND", {
          message:
            matches.length > 1
              ? `'${id}' matches ${matches.length} runs: ${matches.slice(0, 5).join(", ")}.`
              : `No run '${id}' in ${dir}.${didYouMean(id, all)}`,
          hint: matches.length > 1 ? "Give more characters of the run id." : "List recorded runs with `ferry runs`.",
        });
      }
      return JSON.parse(await readFile(join(dir, `${matches[0]}.json`), "utf8")) as RunRecord;
    },
    /** Newest first. */
    async list(limit = Number.POSITIVE_INFINITY): Promise<RunRecord[]> {
      const chosen = (await ids()).slice(0, limit);
      return Promise.all(
        chosen.map(async (id) => JSON.parse(await readFile(join(dir, `${id}.json`), "utf8")) as RunRecord),
      );
    },
  };
}

export type RunStore = ReturnType<typeof createRunStore>;
