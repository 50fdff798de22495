// Build + push of the spaceflights image to a real registry (docker-registry on loopback):
// cold (empty caches, empty repository) and warm (a one-line change: only the app layer is
// new), in seconds and bytes uploaded, with layer sizes. Figures only; nothing is asserted.
// Uses the running test peers (npx --yes pnpm@12 peers) or starts them.
// Run: node bench/image.bench.ts
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { basicAuth, type ImagePackage, packageImage } from "@ferry/oci";
import { pushTestBase } from "@ferry/oci/testing";
import { peer, start } from "@ferry/repo-scripts/peers";

const root = join(import.meta.dirname, "..");
const running = peer("registry");
const stop = running.endpoints ? undefined : await start();
const registry = running.endpoints ?? (peer("registry").endpoints as NonNullable<typeof running.endpoints>);
const auth = basicAuth(registry);
process.env.FERRY_CACHE_DIR = mkdtempSync(join(tmpdir(), "ferry-cache-"));
mkdirSync(join(root, ".ferry"), { recursive: true });
const sandbox = mkdtempSync(join(root, ".ferry", "bench-image-"));
for (const entry of ["ferry.config.ts", "conf", "src"])
  cpSync(join(root, entry), join(sandbox, entry), { recursive: true });
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

try {
  // No base image can be pulled here: a small one stands in for node:24-slim.
  const base = { ref: await pushTestBase(`${registry.host}/bench/base`, auth) };
  const repository = `${registry.host}/bench/spaceflights-${Date.now()}`;
  const pack = async (): Promise<{ seconds: number; image: ImagePackage }> => {
    const t = performance.now();
    const image = await packageImage({ cwd: sandbox, repository, base: base.ref, auth });
    return { seconds: (performance.now() - t) / 1000, image };
  };
  const report = (label: string, { seconds, image }: { seconds: number; image: ImagePackage }) => {
    const s = image.seconds;
    const actions = image.blobs.map((b) => b.action[0]).join("");
    console.log(
      `${label.padEnd(34)} ${seconds.toFixed(2)} s (bundle ${s.bundle.toFixed(2)}, layers ${s.layers.toFixed(2)}, push ${s.push.toFixed(2)}), uploaded ${mb(image.uploadedBytes)} [${actions}]`,
    );
  };
  const cold = await pack();
  appendFileSync(join(sandbox, "ferry.config.ts"), "\nexport const benchChange = 1;\n");
  const warm = await pack();
  appendFileSync(join(sandbox, "ferry.config.ts"), "export const benchChange2 = 2;\n");
  const warm2 = await pack();
  const same = await pack();
  const { layers, bundle } = cold.image;
  console.log(`image ${cold.image.ref}`);
  console.log(
    `  deps layer ${mb(layers.deps.size)} gzip (${mb(bundle.deps.bytes)} unpacked: nodejs-polars for linux/x64)`,
  );
  console.log(`  app layer  ${mb(layers.app.size)} gzip (${mb(bundle.app.bytes)} unpacked: the esbuild bundle)`);
  report("cold (empty caches and repository)", cold);
  report("warm (one-line change)", warm);
  report("warm (another one-line change)", warm2);
  report("same sources again", same);
  console.log(
    `warm/cold: ${((warm.seconds + warm2.seconds) / 2 / cold.seconds).toFixed(2)}× the time, ${(warm.image.uploadedBytes / cold.image.uploadedBytes).toFixed(4)}× the bytes  (blobs: s skipped, m mounted, u uploaded)`,
  );
} finally {
  rmSync(sandbox, { recursive: true, force: true });
  rmSync(process.env.FERRY_CACHE_DIR, { recursive: true, force: true });
  stop?.();
}
