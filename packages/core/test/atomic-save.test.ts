import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { openSession } from "@ferry/core";
import { describe, expect, it } from "vitest";
import { makeProject } from "./helpers/project.ts";

const SIZE = 64 * 1024 * 1024;
const files = {
  "ferry.config.ts": `
import { bytes, defineCatalog, defineConfig, node, pipeline } from "@ferry/core";
const ds = defineCatalog({ big: bytes() });
export const config = defineConfig({ name: "atomic", catalog: ds, pipelines: { p: pipeline([node({ name: "n", inputs: [], outputs: ds.big, func: () => new Uint8Array() })]) } });
`,
  "conf/base/catalog.yml": "big: { path: data/big.bin }\n",
  // Saves 64 MiB of byte k for k = 1, 2, 3, ... announcing each save on stdout.
  "saver.ts": `
import { openSession } from "@ferry/core";
const session = await openSession({ cwd: import.meta.dirname });
for (let k = 1; ; k++) {
  process.stdout.write("saving " + k + "\\n");
  await session.catalog.save("big", new Uint8Array(${SIZE}).fill(k));
}
`,
};

function waitFor(child: ReturnType<typeof spawn>, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) resolve();
    });
    child.on("exit", () => reject(new Error(`saver exited before printing '${text}': ${seen}`)));
  });
}

describe("atomic saves", () => {
  it("kill -9 during a save leaves the previous complete file, never a truncated one", async () => {
    const root = makeProject(files);
    const child = spawn(process.execPath, [join(root, "saver.ts")], { stdio: ["ignore", "pipe", "inherit"] });
    await waitFor(child, "saving 3");
    // Kill the moment save 3's temp file appears: save 2 is complete under the real name.
    const dir = join(root, "data");
    const deadline = Date.now() + 20_000;
    while (!readdirSync(dir).some((f) => f.startsWith(".ferry-tmp-")) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1));
    }
    const exited = new Promise((r) => child.on("exit", r));
    child.kill("SIGKILL");
    await exited;
    const leftovers = readdirSync(dir).filter((f) => f.startsWith(".ferry-tmp-"));
    expect(leftovers.length, "the kill landed mid-save (a temp file is left)").toBe(1);
    const content = readFileSync(join(dir, "big.bin"));
    expect(content.length).toBe(SIZE);
    const k = content[0] as number;
    expect([2, 3]).toContain(k);
    expect(content.every((b) => b === k)).toBe(true);

    // The next save in a live process removes the dead process's temp file.
    const session = await openSession({ cwd: root });
    await session.catalog.save("big", new Uint8Array(8).fill(9));
    expect(readdirSync(dir)).toEqual(["big.bin"]);
  }, 60_000);
});
