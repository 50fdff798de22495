import type { DataFrame } from "nodejs-polars";

type Polars = typeof import("nodejs-polars").default;

/**
 * The column's type from its values, so polars never guesses from the first row (a column
 * that starts with an integer and later holds "x" would silently lose the "x").
 */
function seriesOf(pl: Polars, name: string, values: unknown[]) {
  const present = values.filter((v) => v !== null);
  if (present.every((v) => typeof v === "number")) {
    const ints = present.length === values.length && present.every((v) => Number.isInteger(v));
    return pl.Series(name, values, ints ? pl.Int64 : pl.Float64);
  }
  if (present.every((v) => typeof v === "boolean")) return pl.Series(name, values, pl.Bool);
  return pl.Series(
    name,
    values.map((v) => (v === null ? null : v instanceof Date ? v.toISOString() : String(v))),
    pl.String,
  );
}

/** Read one sheet (`load_args.sheet`: name or 1-based number, default the first) into a DataFrame. */
export async function readExcel(
  pl: Polars,
  bytes: Uint8Array,
  args: Readonly<Record<string, unknown>>,
): Promise<DataFrame> {
  const { readSheet } = await import("read-excel-file/node");
  const sheet = (args.sheet as string | number | undefined) ?? 1;
  const [header = [], ...body] = (await readSheet(Buffer.from(bytes), sheet)) as unknown[][];
  return pl.DataFrame(
    header.map((name, c) =>
      seriesOf(
        pl,
        String(name),
        body.map((row) => (row[c] === undefined || row[c] === "" ? null : row[c])),
      ),
    ),
  );
}
