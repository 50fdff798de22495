import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { exitCodeOf, openSession, plan } from "@ferry/core";
import { describe, expect, it } from "vitest";
import { buildBundle } from "../src/package/index.ts";
import { rejection } from "./helpers/errors.ts";
import { diamondFiles, makeProject } from "./helpers/project.ts";

/** Run the bundle's launcher from a copy in an empty folder outside the project, with only Node on PATH. */
function runCopy(bundleDir: string, args: readonly string[]) {
  const dir = mkdtempSync(join(tmpdir(), "ferry-bundle-test-"));
  try {
    cpSync(bundleDir, dir, { recursive: true, dereference: true });
    return spawnSync(join(dir, "bin", "ferry"), args, {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: [dirname(process.execPath), "/usr/bin", "/bin"].join(":"), HOME: dir },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("ferry package: the bundle", () => {
  it("runs a step from an empty folder with nothing but Node, as the project would", async () => {
    const root = makeProject(diamondFiles);
    const bundle = await buildBundle({ cwd: root });
    const session = await openSession({ cwd: root });
    const thePlan = plan(session, session.pipeline("main"), { runId: "b1", pipelineName: "main" });
    const planPath = join(root, "plan.json");
    writeFileSync(planPath, JSON.stringify(thePlan));
    for (const step of thePlan.steps) {
      const result = runCopy(bundle.dir, ["run-node", "--plan", planPath, "--step", step.id, "--run-id", "b1"]);
      expect(result.stderr).toBe("");
      expect(result.status, result.stdout).toBe(0);
      expect(result.stdout.trim().split("\n").at(-1)).toContain('"status":"succeeded"');
    }
    expect(JSON.parse(readFileSync(join(root, "data/total.json"), "utf8"))).toEqual({ total: 15 }); // doubled [2,4,6] + halved [0.5,1,1.5]
    expect(runCopy(bundle.dir, ["--version"]).stdout).toMatch(/^diamond bundle \(@ferry\/core \d+\.\d+\.\d+\)\n$/);
  });

  it("is content-addressed: the same sources give the same bundle, a code change a new one", async () => {
    const root = makeProject(diamondFiles);
    const first = await buildBundle({ cwd: root });
    expect(first.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(first.dir.endsWith(first.digest.slice(7, 23))).toBe(true);
    expect((await buildBundle({ cwd: root })).digest).toBe(first.digest);
    // Comments never reach the bundle, so they change nothing.
    appendFileSync(join(root, "ferry.config.ts"), "\n// a comment\n");
    expect((await buildBundle({ cwd: root })).digest).toBe(first.digest);
    appendFileSync(join(root, "ferry.config.ts"), 'export const changed = "yes";\n');
    const second = await buildBundle({ cwd: root });
    expect(second.digest).not.toBe(first.digest);
    expect(second.deps.digest, "the deps did not change").toBe(first.deps.digest);
    expect(readdirSync(dirname(first.dir)).filter((d) => !d.startsWith("."))).toHaveLength(2);
  });

  it("leaves native packages out of the code and installs them for linux/x64 beside it", async () => {
    const root = makeProject({
      ...diamondFiles,
      "ferry.config.ts": `${diamondFiles["ferry.config.ts"]}\nexport const loadPolars = () => import("nodejs-polars");\n`,
    });
    const bundle = await buildBundle({ cwd: root });
    expect(Object.keys(bundle.deps.packages)).toEqual(["nodejs-polars"]);
    const modules = readdirSync(join(bundle.dir, "node_modules"));
    expect(modules).toContain("nodejs-polars-linux-x64-gnu");
    expect(modules.filter((m) => /darwin|win32|musl|arm64/.test(m))).toEqual([]);
    expect(bundle.deps.lockHash).toMatch(/^sha256:/);
  });

  it("installs packages listed in package.external beside the bundle instead of inlining them", async () => {
    const root = makeProject({
      ...diamondFiles,
      "ferry.config.ts": diamondFiles["ferry.config.ts"].replace(
        'name: "diamond",',
        'name: "diamond",\n  package: { external: ["yaml"] },',
      ),
    });
    const bundle = await buildBundle({ cwd: root });
    expect(Object.keys(bundle.deps.packages)).toContain("yaml");
    expect(readdirSync(join(bundle.dir, "node_modules"))).toContain("yaml");
  });

  it("says so when the packages to install beside the bundle cannot be installed", async () => {
    // A registry that has nothing (404 for every package), and an empty install cache.
    const registry = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
    const saved = { ...process.env };
    const url = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;
    process.env.pnpm_config_registry = url; // pnpm 11+ reads pnpm_config_*, npm (npx) npm_config_*
    process.env.npm_config_registry = url;
    process.env.FERRY_CACHE_DIR = mkdtempSync(join(tmpdir(), "ferry-cache-"));
    try {
      const root = makeProject(diamondFiles);
      const error = await rejection(buildBundle({ cwd: root }));
      expect(error.code).toBe("PACKAGE_FAILED");
      expect(error.message).toMatch(
        /^Installing the bundle's external packages \(nodejs-polars@[\d.]+\) for linux\/x64 failed \(3 attempts\):/,
      );
      expect(error.message).toContain("404");
      expect(error.hint).toContain("Check that the registry is reachable");
      expect(readdirSync(join(root, ".ferry", "bundles")).filter((d) => !d.startsWith(".deps"))).toEqual([]);
      expect(readdirSync(join(process.env.FERRY_CACHE_DIR, "deps")).filter((d) => !d.startsWith("."))).toEqual([]);
    } finally {
      rmSync(process.env.FERRY_CACHE_DIR, { recursive: true, force: true });
      process.env = saved;
      registry.close();
    }
  }, 60_000);

  it("names the import it cannot resolve, exits 2 and leaves nothing half-built", async () => {
    const root = makeProject({
      ...diamondFiles,
      "ferry.config.ts": `import "./src/missing.ts";\n${diamondFiles["ferry.config.ts"]}`,
      "src/missing.ts": "export {};\n",
    });
    await buildBundle({ cwd: root }); // a first bundle, which must survive the failure
    rmSync(join(root, "src/missing.ts"));
    writeFileSync(join(root, "src/other.ts"), 'import "no-such-package";\n');
    appendFileSync(join(root, "ferry.config.ts"), 'import "./src/other.ts";\n');
    const error = await rejection(buildBundle({ cwd: root }));
    expect(error.code).toBe("PACKAGE_FAILED");
    expect(exitCodeOf(error)).toBe(2);
    expect(error.message).toContain('ferry.config.ts:1: Could not resolve "./src/missing.ts"');
    expect(error.message).toContain('src/other.ts:1: Could not resolve "no-such-package"');
    expect(error.hint).toContain("package.external");
    const bundles = readdirSync(join(root, ".ferry", "bundles"));
    expect(bundles.filter((d) => d.startsWith(".build-"))).toEqual([]);
    expect(bundles.filter((d) => !d.startsWith("."))).toHaveLength(1);
  });

  it("reports a project that does not load as such, not as a bundling failure", async () => {
    const root = makeProject({ ...diamondFiles, "ferry.config.ts": "export const notConfig = 1;\n" });
    const error = await rejection(buildBundle({ cwd: root }));
    expect(error.code).toBe("PROJECT_INVALID");
    expect(readdirSync(join(root, ".ferry", "bundles")).filter((d) => d.startsWith(".build-"))).toEqual([]);
  });

  it("answers --help and refuses other commands with exit 2", async () => {
    const bundle = await buildBundle({ cwd: makeProject(diamondFiles) });
    expect(runCopy(bundle.dir, ["--help"]).stdout).toContain("Usage: ferry run-node --plan");
    const other = runCopy(bundle.dir, ["run"]);
    expect(other.status).toBe(2);
    expect(other.stderr).toContain("Unknown command 'run': a bundle runs steps only.");
  });
});
