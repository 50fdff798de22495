import type { DataFrame } from "nodejs-polars";
import { type CellValue, readXlsxSheet } from "./xlsx-sheet.ts";

type Polars = typeof import("nodejs-polars").default;

/**
 * The column's type from all its values, so polars never guesses from the first row (a
 * column that starts with an integer and later holds "x" would silently lose the "x").
 */
function seriesOf(pl: Polars, name: string, values: CellValue[]) {
  const present = values.filter((v) => v !== null);
  if (present.every((v) => typeof v === "number")) {
    const ints = present.length === values.length && present.every((v) => Number.isInteger(v));
    return pl.Series(name, values, ints ? pl.Int64 : pl.Float64);
  }
  if (present.every((v) => typeof v === "boolean")) return pl.Series(name, values, pl.Bool);
  if (present.length > 0 && present.every((v) => v instanceof Date)) return pl.Series(name, values, pl.Datetime("ms"));
  return pl.Series(
    name,
    values.map((v) => (v === null ? null : v instanceof Date ? v.toISOString() : String(v))),
    pl.String,
  );
}

/** Read one sheet (`load_args.sheet`: name or 1-based number, default the first) into a DataFrame. */
export function readExcel(pl: Polars, bytes: Uint8Array, args: Readonly<Record<string, unknown>>): DataFrame {
  const [header = [], ...body] = readXlsxSheet(bytes, (args.sheet as string | number | undefined) ?? 1);
  return pl.DataFrame(
    header.map((name, c) =>
      seriesOf(
        pl,
        String(name ?? `column_${c + 1}`),
        body.map((row) => (row[c] === "" ? null : (row[c] ?? null))),
      ),
    ),
  );
}
