import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { readSheet } from "read-excel-file/node";
import { describe, expect, it } from "vitest";
import { readXlsxSheet } from "../src/catalog/types/xlsx-sheet.ts";

// Two independent implementations are the reference: read-excel-file reads, exceljs writes.
const normalize = (rows: unknown[][]) =>
  rows.map((row) => row.map((v) => (v === undefined || v === "" ? null : v instanceof Date ? v.toISOString() : v)));

const shuttles = join(import.meta.dirname, "../../../../shared/data/kedro-spaceflights/shuttles.xlsx");

describe("xlsx sheet reader", () => {
  it.skipIf(!existsSync(shuttles) && !process.env.CI)(
    "reads Kedro's shuttles.xlsx exactly as read-excel-file does",
    async () => {
      const bytes = readFileSync(shuttles);
      const ours = normalize(readXlsxSheet(bytes));
      const theirs = normalize((await readSheet(bytes)) as unknown[][]);
      expect(ours.length).toBe(15_532);
      expect(ours).toEqual(theirs);
    },
  );

  it("reads shared strings, numbers, booleans, dates, formulas, blanks and escapes from an exceljs workbook", async () => {
    const book = new ExcelJS.Workbook();
    const first = book.addWorksheet("first");
    first.addRow(["name", "count", "ok", "when", "total"]);
    first.addRow(["a & <b>", 3, true, new Date(Date.UTC(2026, 10, 22, 16, 11, 0)), { formula: "B2*2", result: 6 }]);
    first.addRow(["ünïcode ✓", 2.5, false, null, { formula: "B3*2", result: 5 }]);
    first.getCell("D2").numFmt = "yyyy-mm-dd hh:mm";
    first.getCell("A5").value = { richText: [{ text: "rich " }, { font: { bold: true }, text: "text" }] };
    const second = book.addWorksheet("second");
    second.addRow(["only", "here"]);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());

    const rows = normalize(readXlsxSheet(bytes, "first"));
    expect(rows).toEqual([
      ["name", "count", "ok", "when", "total"],
      ["a & <b>", 3, true, "2026-11-22T16:11:00.000Z", 6],
      ["ünïcode ✓", 2.5, false, null, 5],
      [null, null, null, null, null],
      ["rich text", null, null, null, null],
    ]);
    const theirs = normalize((await readSheet(Buffer.from(bytes), "first")) as unknown[][]);
    expect(rows.slice(0, 3)).toEqual(theirs.slice(0, 3));
    expect(normalize(readXlsxSheet(bytes, 2))).toEqual([["only", "here"]]);
  });

  it("names the sheets when the one asked for does not exist", async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet("alpha").addRow([1]);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    expect(() => readXlsxSheet(bytes, "beta")).toThrow('The workbook has no sheet "beta"; its sheets: alpha.');
    expect(() => readXlsxSheet(new Uint8Array([1, 2, 3]))).toThrow();
  });
});
