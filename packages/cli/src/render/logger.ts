import type { Logger } from "@ferry/core/plugin";
import type { Output } from "./output.ts";

/** A logger for plugins that prints warnings and errors (and debug with FERRY_DEBUG=1) to stderr. */
export function createLogger(output: Output, label: string): Logger {
  const debug = process.env.FERRY_DEBUG === "1";
  const line = (level: string, message: string, fields?: Record<string, unknown>) =>
    output.err(`${output.style("dim", `[${label}]`)} ${level}${message}${fields ? ` ${JSON.stringify(fields)}` : ""}`);
  return {
    debug: (m, f) => debug && line("", m, f),
    info: (m, f) => debug && line("", m, f),
    warn: (m, f) => line(output.style("yellow", "warning: "), m, f),
    error: (m, f) => line(output.style("red", "error: "), m, f),
  };
}
