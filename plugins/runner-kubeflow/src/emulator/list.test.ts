import { describe, expect, it } from "vitest";
import { listPage, parseFilter } from "./list.ts";

const items = [
  { display_name: "b", created_at: "2026-01-02T00:00:00Z", state: "RUNNING" },
  { display_name: "a", created_at: "2026-01-01T00:00:00Z", state: "SUCCEEDED" },
  { display_name: "c", created_at: "2026-01-03T00:00:00Z", state: "FAILED" },
];
const keys = new Set(["display_name", "created_at", "state"]);
const query = (q: Record<string, string>) => new URLSearchParams(q);
const filter = (predicates: unknown[]) => JSON.stringify({ predicates });

describe("KFP list requests in the emulator", () => {
  it("filters on EQUALS, NOT_EQUALS, IN and IS_SUBSTRING", () => {
    const names = (f: string) => listPage(items, query({ filter: f }), keys).items.map((i) => i.display_name);
    expect(names(filter([{ key: "display_name", operation: "EQUALS", string_value: "b" }]))).toEqual(["b"]);
    expect(names(filter([{ key: "state", operation: "NOT_EQUALS", string_value: "FAILED" }]))).toEqual(["a", "b"]);
    expect(names(filter([{ key: "display_name", operation: "IN", string_values: { values: ["a", "c"] } }]))).toEqual([
      "a",
      "c",
    ]);
    expect(names(filter([{ key: "state", operation: "IS_SUBSTRING", string_value: "ED" }]))).toEqual(["a", "c"]);
  });

  it("sorts by created_at (or sort_by, with desc) and pages with next_page_token", () => {
    const first = listPage(items, query({ page_size: "2" }), keys);
    expect(first.items.map((i) => i.display_name)).toEqual(["a", "b"]);
    expect(first.total_size).toBe(3);
    const second = listPage(items, query({ page_size: "2", page_token: first.next_page_token ?? "" }), keys);
    expect(second.items.map((i) => i.display_name)).toEqual(["c"]);
    expect(second.next_page_token).toBeUndefined();
    expect(listPage(items, query({ sort_by: "display_name desc" }), keys).items.map((i) => i.display_name)).toEqual([
      "c",
      "b",
      "a",
    ]);
  });

  it("answers a bad filter, key, sort or token with a 400 that names it", () => {
    const message = (q: Record<string, string>) => {
      try {
        listPage(items, query(q), keys);
        return "no error";
      } catch (error) {
        return `${(error as { status: number }).status} ${(error as Error).message}`;
      }
    };
    expect(message({ filter: "{not json" })).toMatchInlineSnapshot(
      `"400 Invalid input error: filter is not valid JSON: {not json"`,
    );
    expect(
      message({ filter: filter([{ key: "owner", operation: "EQUALS", string_value: "x" }]) }),
    ).toMatchInlineSnapshot(
      `"400 Invalid input error: cannot filter on 'owner' (known: display_name, created_at, state)"`,
    );
    expect(
      message({ filter: filter([{ key: "state", operation: "GREATER_THAN", string_value: "x" }]) }),
    ).toMatchInlineSnapshot(
      `"400 Invalid input error: filter operation 'GREATER_THAN' is not supported by the emulator (EQUALS, NOT_EQUALS, IN, IS_SUBSTRING)"`,
    );
    expect(message({ sort_by: "owner" })).toMatchInlineSnapshot(`"400 Invalid input error: cannot sort by 'owner'"`);
    expect(message({ page_token: "bm9wZQ" })).toMatchInlineSnapshot(
      `"400 Invalid input error: page_token 'bm9wZQ' is not valid"`,
    );
  });

  it("reads no predicates from an absent filter", () => {
    expect(parseFilter(null)).toEqual([]);
  });
});
