// Plan + compile (local target) of a 10,000- and a 20,000-node chain, each size in its own
// process (the fixture's shape comes from FERRY_BENCH_NODES when the project is imported).
import { execFileSync } from "node:child_process";
import { createLocalPlugin, plan } from "@ferry/core";
import { wrapPlugin } from "@ferry/core/plugin";
import { fmt, median, openFixture, report } from "./util.ts";

const REPEATS = 7;
const silent = { debug() {}, info() {}, warn() {}, error() {} };

async function measureHere(): Promise<number> {
  const session = await openFixture("chain", ["seed=1"]);
  const pipeline = session.pipeline("chain");
  const runtime = wrapPlugin(
    createLocalPlugin(),
    { parallel: 1, isolation: "thread", env: {}, package: "none" },
    {
      runId: "bench",
      projectRoot: session.project.root,
      logger: silent,
    },
  );
  const times: number[] = [];
  for (let i = 0; i <= REPEATS; i++) {
    const start = performance.now();
    const compiled = await runtime.compile(plan(session, pipeline, { runId: "bench", pipelineName: "chain" }));
    const ms = performance.now() - start;
    if (!compiled.files["plan.json"]) throw new Error("compile produced no plan");
    if (i > 0) times.push(ms); // the first is warm-up
  }
  return median(times);
}

if (process.argv.includes("--one")) {
  process.stdout.write(String(await measureHere()));
} else {
  const measure = (nodes: number) =>
    Number(
      execFileSync(process.execPath, [import.meta.filename, "--one"], {
        env: { ...process.env, FERRY_BENCH_NODES: String(nodes) },
      }).toString(),
    );
  const ms10k = measure(10_000);
  const ms20k = measure(20_000);
  const ratio = ms20k / ms10k;
  report([
    {
      bench: "6. plan + compile (local), 10k nodes",
      measured: `${fmt(ms10k)} ms`,
      target: "< 500 ms",
      met: ms10k < 500,
    },
    {
      bench: "6. plan + compile, 20k nodes",
      measured: `${fmt(ms20k)} ms (${fmt(ratio, 2)}× 10k)`,
      target: "< 2.3×",
      met: ratio < 2.3,
    },
  ]);
}
