import { describe, expect, it } from "vitest";
import { scheduleRequest } from "./schedule-request.ts";

describe("scheduleRequest", () => {
  it("accepts cron ranges, lists, steps and names, in UTC by default", () => {
    expect(scheduleRequest({ cron: " */15 2-4 1,15 jan-mar MON-fri ", name: "nightly" })).toEqual({
      name: "nightly",
      cron: "*/15 2-4 1,15 jan-mar MON-fri",
      timeZone: "UTC",
    });
    expect(scheduleRequest({ cron: "0 3 * * *", name: "n", timeZone: "Europe/Paris", paused: true })).toMatchObject({
      timeZone: "Europe/Paris",
      paused: true,
    });
  });

  it("lists every problem at once, with an example", () => {
    expect(() =>
      scheduleRequest({ cron: "61 3 * 13 */0", name: "Nightly Run", timeZone: "Mars/Olympus" }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [FerryError: Invalid schedule:
      - --cron field 1: '61' is not a minute (0–59)
      - --cron field 4: '13' is not a month (1–12 or a name)
      - --cron field 5: '*/0' has an invalid step
      - --timezone 'Mars/Olympus' is not an IANA time zone (e.g. UTC, Europe/Paris)
      - --name 'Nightly Run' must be lowercase letters, digits and '-', at most 128]
    `);
    expect(() => scheduleRequest({ cron: "0 3 * *", name: "n" })).toThrow(/needs five fields/);
  });
});
