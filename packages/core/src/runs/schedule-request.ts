import { FerryError } from "../errors/ferry-error.ts";
import type { ScheduleRequest } from "../plugin/contract.ts";

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
  },
  { name: "day of week", min: 0, max: 7, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] },
] as const;

/** Why one cron field is invalid, or undefined. Accepts `*`, numbers, names, ranges, lists and steps. */
function fieldProblem(text: string, field: (typeof FIELDS)[number]): string | undefined {
  const value = (v: string) => {
    const names: readonly string[] = "names" in field ? field.names : [];
    const named = names.indexOf(v.toLowerCase());
    const n = named >= 0 ? named + (field.name === "month" ? 1 : 0) : /^\d+$/.test(v) ? Number(v) : Number.NaN;
    return n >= field.min && n <= field.max ? n : undefined;
  };
  for (const part of text.split(",")) {
    const [range = "", step, extra] = part.split("/");
    if (extra !== undefined || (step !== undefined && !/^[1-9]\d*$/.test(step))) return `'${part}' has an invalid step`;
    if (range === "*") continue;
    const [from = "", to, more] = range.split("-");
    if (more !== undefined || value(from) === undefined || (to !== undefined && value(to) === undefined)) {
      return `'${part}' is not a ${field.name} (${field.min}–${field.max}${"names" in field ? " or a name" : ""})`;
    }
  }
  return undefined;
}

/**
 * Check `ferry schedule`'s flags: a five-field cron, an IANA time zone, a name the platforms
 * accept. Every problem at once, as USAGE_INVALID (exit 2).
 */
export function scheduleRequest(input: {
  cron?: string | undefined;
  name: string;
  timeZone?: string | undefined;
  paused?: boolean | undefined;
}): ScheduleRequest {
  const problems: string[] = [];
  const cron = (input.cron ?? "").trim().split(/\s+/).filter(Boolean);
  if (cron.length !== 5) {
    problems.push(
      `--cron '${input.cron ?? ""}' needs five fields (minute hour day-of-month month day-of-week), e.g. '0 3 * * *'`,
    );
  } else {
    FIELDS.forEach((field, i) => {
      const problem = fieldProblem(cron[i] as string, field);
      if (problem) problems.push(`--cron field ${i + 1}: ${problem}`);
    });
  }
  const timeZone = input.timeZone ?? "UTC";
  try {
    new Intl.DateTimeFormat("en", { timeZone });
  } catch {
    problems.push(`--timezone '${timeZone}' is not an IANA time zone (e.g. UTC, Europe/Paris)`);
  }
  if (!/^[a-z0-9][a-z0-9-]{0,127}$/.test(input.name)) {
    problems.push(`--name '${input.name}' must be lowercase letters, digits and '-', at most 128`);
  }
  if (problems.length > 0) {
    throw new FerryError("USAGE_INVALID", {
      message: `Invalid schedule:\n${problems.map((p) => `- ${p}`).join("\n")}`,
      hint: "Example: ferry schedule --target=vertexai --cron '0 3 * * 1-5' --timezone Europe/Paris --name nightly",
    });
  }
  return { name: input.name, cron: cron.join(" "), timeZone, ...(input.paused ? { paused: true } : {}) };
}
