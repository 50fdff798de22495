// The random DAG the benches build: node i reads 1-3 earlier datasets, the same on every run.

/** Deterministic PRNG (mulberry32), so every run builds the same DAG. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** For each node, the indices of the earlier datasets it reads. */
export function wiring(size: number): number[][] {
  const next = random(size);
  return Array.from({ length: size }, (_, i) => {
    const reads = new Set<number>();
    const want = Math.min(i, 1 + Math.floor(next() * 3));
    while (reads.size < want) reads.add(Math.floor(next() * i));
    return [...reads];
  });
}
