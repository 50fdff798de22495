// Writes deterministic raw inputs for spaceflights: data/01_raw/{companies,reviews,shuttles}.csv
// with Kedro's column names and formats ("90%", "$1,715.0", t/f flags, some blanks).
// Usage: node scripts/generate.ts [--rows 1000] [--seed 42] [--out data/01_raw] [--if-missing]

import { once } from "node:events";
import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { seededRandom } from "../src/random.ts";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000" },
    seed: { type: "string", default: "42" },
    out: { type: "string", default: "data/01_raw" },
    "if-missing": { type: "boolean", default: false },
  },
});
const rows = Number(values.rows);
const seed = Number(values.seed);
if (!Number.isInteger(rows) || rows < 10 || !Number.isInteger(seed)) {
  console.error("generate: --rows must be a whole number ≥ 10 and --seed a whole number.");
  process.exit(2);
}
const files = ["companies.csv", "reviews.csv", "shuttles.csv"].map((f) => join(values.out, f));
if (values["if-missing"] && files.every((f) => existsSync(f))) process.exit(0);
mkdirSync(values.out, { recursive: true });

const random = seededRandom(seed);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const blank = (p: number, value: () => string) => (random() < p ? "" : value());
const places = ["Niue", "Faroe Islands", "Malta", "Chile", "Canada", "Kenya", "Japan", "Peru", "Iceland", "Fiji"];
// One formatter for all rows: toLocaleString builds a new one per call (44 s per million).
const dollars = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const money = (v: number) => `$${dollars.format(v)}`;

async function write(path: string, header: string, count: number, row: (i: number) => string) {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  for (let i = 0; i < count; i++) {
    if (!out.write(`${row(i)}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

const companyCount = Math.max(5, Math.round(rows * 0.645));
const companyIds = Array.from({ length: companyCount }, (_, i) => 1000 + i * 7);
await write(
  files[0] as string,
  "id,company_rating,company_location,total_fleet_count,iata_approved",
  companyCount,
  (i) =>
    [
      companyIds[i],
      blank(0.3, () => `${int(30, 100)}%`),
      blank(0.05, () => pick(places)),
      blank(0.01, () => `${int(1, 5)}.0`),
      pick(["t", "f"]),
    ].join(","),
);

const shuttleIds = Array.from({ length: rows }, (_, i) => 10_000 + i * 3);
await write(
  files[1] as string,
  "shuttle_id,review_scores_rating,review_scores_comfort,review_scores_amenities,review_scores_trip,review_scores_crew,review_scores_location,review_scores_price,number_of_reviews,reviews_per_month",
  rows,
  (i) => {
    const score = () => `${int(2, 10)}.0`;
    return [
      shuttleIds[i],
      blank(0.2, () => `${int(60, 100)}.0`),
      ...Array.from({ length: 6 }, () => blank(0.2, score)),
      int(0, 300),
      (random() * 10).toFixed(2),
    ].join(",");
  },
);

await write(
  files[2] as string,
  "id,shuttle_location,shuttle_type,engine_type,engine_vendor,engines,passenger_capacity,cancellation_policy,crew,d_check_complete,moon_clearance_complete,price,company_id",
  rows,
  (i) => {
    const engines = int(1, 4);
    const capacity = int(1, 12);
    const crew = int(1, 8);
    const dCheck = random() < 0.3;
    const price = 400 + 250 * engines + 180 * capacity + 90 * crew + (dCheck ? 300 : 0) + random() * 1200;
    return [
      shuttleIds[i],
      pick(places),
      `Type ${pick(["V", "F"])}${int(1, 5)}`,
      pick(["Plasma", "Quantum", "Nuclear"]),
      pick(["ThetaBase Services", "Banks, Wood and Phillips", "Rojas Ltd"]).includes(",")
        ? '"Banks, Wood and Phillips"'
        : "ThetaBase Services",
      blank(0.001, () => `${engines}.0`),
      capacity,
      pick(["strict", "moderate", "flexible"]),
      blank(0.003, () => `${crew}.0`),
      dCheck ? "t" : "f",
      random() < 0.1 ? "t" : "f",
      `"${money(price)}"`,
      pick(companyIds),
    ].join(",");
  },
);
console.log(`Wrote ${rows} shuttles, ${rows} reviews and ${companyCount} companies to ${values.out} (seed ${seed}).`);
