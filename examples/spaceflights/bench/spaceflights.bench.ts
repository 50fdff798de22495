// Times the whole `ferry run` process (spawned through the built CLI, Node 24), as a user
// sees it: startup, config loading, polars, every node, the run record.
//   (a) --env kedro on Kedro's own raw files (conf/kedro), in the example folder
//   (b) the default env on generated data (1,000,000 rows), in a sandbox (test/support.ts)
// Wall time: median of --runs runs after one warm-up. Peak RSS: GNU /usr/bin/time -v when
// present, else the CLI process's own process.resourceUsage().maxRSS (via a preload).
// Per-node times come from the run records (.ferry/runs/<id>.json). No assertions.
//
//   node bench/spaceflights.bench.ts [--rows 1000000] [--runs 5] [--only kedro|generated] [--keep]
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  BUILD,
  cliBin,
  createSandbox,
  exampleDir,
  generate,
  kedroDataDir,
  node24,
  type RunRecord,
  run,
  runIdOf,
} from "../test/support.ts";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    runs: { type: "string", default: "5" },
    only: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);

// Reference points for (a): the goal, and `kedro run` on the same files (Kedro 1.5.0).
const KEDRO_TARGET_S = 1.6;
const KEDRO_RUN_S = 3.3;

const GNU_TIME = "/usr/bin/time";
const hasGnuTime = existsSync(GNU_TIME) && (await run(GNU_TIME, ["-v", "true"], exampleDir)).code === 0;
const scratch = mkdtempSync(join(tmpdir(), "spaceflights-bench-"));
// Fallback RSS probe: preloaded into the CLI process, writes its peak RSS (KiB) on exit.
const rssProbe = `data:text/javascript,${encodeURIComponent(
  `import{writeFileSync}from"node:fs";process.on("exit",()=>writeFileSync(process.env.FERRY_BENCH_RSS_FILE,String(process.resourceUsage().maxRSS)));`,
)}`;

interface Sample {
  readonly wallMs: number;
  readonly rssMiB: number;
  readonly record: RunRecord;
}

/** One `ferry run …` in `cwd`: wall time, peak RSS and the run record. */
async function ferryRun(args: readonly string[], cwd: string, i: number): Promise<Sample> {
  const rssFile = join(scratch, `rss-${i}`);
  const command = hasGnuTime
    ? [GNU_TIME, "-v", node24(), cliBin, ...args]
    : [node24(), "--import", rssProbe, cliBin, ...args];
  process.env.FERRY_BENCH_RSS_FILE = rssFile;
  const result = await run(command[0] as string, command.slice(1), cwd);
  if (result.code !== 0) {
    throw new Error(`ferry ${args.join(" ")} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  const rssKiB = hasGnuTime
    ? Number(result.stderr.match(/Maximum resident set size \(kbytes\): (\d+)/)?.[1])
    : Number(readFileSync(rssFile, "utf8"));
  const id = runIdOf(result.stdout);
  if (id === undefined) throw new Error(`No run id in:\n${result.stdout}`);
  const record = JSON.parse(readFileSync(join(cwd, ".ferry/runs", `${id}.json`), "utf8")) as RunRecord;
  return { wallMs: result.ms, rssMiB: rssKiB / 1024, record };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const pad = (s: string, n: number) => s.padEnd(n);

/** Warm-up + RUNS measured runs, then the figures and a per-node breakdown. */
async function stage(title: string, args: readonly string[], cwd: string): Promise<Sample[]> {
  console.log(`\n== ${title}\n   $ ferry ${args.join(" ")}   (cwd ${cwd})`);
  await ferryRun(args, cwd, -1); // warm-up: page cache, compiled code cache
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await ferryRun(args, cwd, i));

  const walls = samples.map((s) => s.wallMs);
  const inRun = samples.map((s) => s.record.durationMs ?? Number.NaN);
  const rss = samples.map((s) => s.rssMiB);
  console.log(
    `   wall (process): median ${sec(median(walls))}  [min ${sec(Math.min(...walls))}, max ${sec(Math.max(...walls))}] over ${RUNS} runs`,
  );
  console.log(
    `   run record:     median ${sec(median(inRun))} in the pipeline, ${sec(median(walls) - median(inRun))} outside it (startup, config, teardown)`,
  );
  console.log(`   peak RSS:       median ${median(rss).toFixed(0)} MiB, max ${Math.max(...rss).toFixed(0)} MiB`);

  const names = Object.keys(samples[0]?.record.nodes ?? {});
  const perNode = names.map((name) => ({
    name,
    ms: median(samples.map((s) => s.record.nodes[name]?.durationMs ?? Number.NaN)),
  }));
  const total = perNode.reduce((sum, n) => sum + n.ms, 0);
  console.log("   per node (median ms, share of the summed node time):");
  for (const n of perNode) {
    console.log(`     ${pad(n.name, 32)} ${n.ms.toFixed(0).padStart(6)} ms  ${((100 * n.ms) / total).toFixed(0)}%`);
  }
  const top = perNode.reduce((a, b) => (b.ms > a.ms ? b : a));
  console.log(
    `   dominant node: ${top.name} (${sec(top.ms)}, ${((100 * top.ms) / median(walls)).toFixed(0)}% of wall)`,
  );
  return samples;
}

if (!existsSync(cliBin)) {
  console.error(`${cliBin} is missing: build first (${BUILD}).`);
  process.exit(1);
}
console.log(
  `spaceflights bench · node ${process.versions.node} · ${cpus().length} CPUs · RSS via ${hasGnuTime ? "/usr/bin/time -v" : "process.resourceUsage() preload"}`,
);

try {
  if (values.only === undefined || values.only === "kedro") {
    if (!existsSync(join(kedroDataDir, "shuttles.xlsx"))) {
      console.log(`\n== (a) skipped: Kedro's raw files are not in ${kedroDataDir}`);
    } else {
      const samples = await stage("(a) Kedro's data: --env kedro, all 6 nodes", ["run", "--env", "kedro"], exampleDir);
      const wall = median(samples.map((s) => s.wallMs)) / 1000;
      console.log(
        `   vs target ${KEDRO_TARGET_S} s: ${(wall / KEDRO_TARGET_S).toFixed(2)}× the budget (${wall <= KEDRO_TARGET_S ? "within" : "OVER"})`,
      );
      console.log(`   vs \`kedro run\` ${KEDRO_RUN_S} s: ${(KEDRO_RUN_S / wall).toFixed(2)}× as fast`);
    }
  }

  if (values.only === undefined || values.only === "generated") {
    const project = createSandbox("spaceflights-bench-");
    try {
      const gen = await generate(["--rows", String(ROWS), "--out", join(project, "data/01_raw")], project);
      if (gen.code !== 0) throw new Error(`generate failed:\n${gen.stderr}`);
      console.log(`\n== generation: ${ROWS.toLocaleString("en-US")} rows in ${sec(gen.ms)} (node scripts/generate.ts)`);
      const samples = await stage(
        `(b) generated data, ${ROWS.toLocaleString("en-US")} rows, default env`,
        ["run"],
        project,
      );
      const wall = median(samples.map((s) => s.wallMs));
      console.log(
        `   throughput: ${((ROWS / wall) * 1000).toLocaleString("en-US", { maximumFractionDigits: 0 })} rows/s`,
      );
    } finally {
      if (values.keep) console.log(`   sandbox kept: ${project}`);
      else rmSync(project, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
