// Pipeline construction + validation: node() for every node, then pipeline() (which validates
// and sorts) on a random DAG where each node reads 1-3 earlier datasets.
import { type DatasetRef, defineCatalog, memory, type Node, node, pipeline } from "@ferry/core";
import { wiring } from "./dag.ts";
import { fmt, median, report } from "./util.ts";

const REPEATS = 9;

const combine = (...values: number[]) => values.length;

function build(refs: readonly DatasetRef<number>[], reads: readonly number[][]): number {
  const start = performance.now();
  const nodes: Node[] = reads.map((inputs, i) =>
    node({
      name: `n${i}`,
      inputs: inputs.map((j) => refs[j] as DatasetRef<number>),
      outputs: refs[i] as DatasetRef<number>,
      func: combine,
    }),
  );
  const built = pipeline(nodes);
  const ms = performance.now() - start;
  if (built.nodes.length !== reads.length) throw new Error("pipeline lost nodes");
  return ms;
}

function measure(size: number): number {
  const names = Array.from({ length: size }, (_, i) => `d${i}`);
  const refs = Object.values(defineCatalog(Object.fromEntries(names.map((name) => [name, memory<number>()]))));
  const reads = wiring(size);
  build(refs, reads); // warm-up
  return median(Array.from({ length: REPEATS }, () => build(refs, reads)));
}

const ms10k = measure(10_000);
const ms20k = measure(20_000);
const ratio = ms20k / ms10k;
report([
  { bench: "4. build + validate 10k-node DAG", measured: `${fmt(ms10k)} ms`, target: "< 200 ms", met: ms10k < 200 },
  {
    bench: "4. 20k-node DAG",
    measured: `${fmt(ms20k)} ms (${fmt(ratio, 2)}× 10k)`,
    target: "< 2.3×",
    met: ratio < 2.3,
  },
]);
