import { stderr, stdout } from "node:process";
import { styleText } from "node:util";

type Style = Parameters<typeof styleText>[0];

/** Where the CLI writes. Colors only on a TTY and never with NO_COLOR. */
export interface Output {
  readonly tty: boolean;
  out(text: string): void;
  err(text: string): void;
  style(format: Style, text: string): string;
}

export function createOutput(): Output {
  const tty = stdout.isTTY === true;
  const color = tty && !process.env.NO_COLOR;
  return {
    tty,
    out: (text) => void stdout.write(`${text}\n`),
    err: (text) => void stderr.write(`${text}\n`),
    style: (format, text) => (color ? styleText(format, text, { validateStream: false }) : text),
  };
}

/** Columns padded to their widest cell. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

export function duration(ms: number): string {
  return ms < 1000
    ? `${ms} ms`
    : ms < 60_000
      ? `${(ms / 1000).toFixed(2)} s`
      : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
