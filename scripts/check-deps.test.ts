import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { checkDeps } from "./check-deps.ts";

const root = mkdtempSync(join(tmpdir(), "ferry-deps-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, content: string | object) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), typeof content === "string" ? content : JSON.stringify(content));
}

it("reports each broken rule of ARCHITECTURE.md §2 with its fix", () => {
  write("packages/core/package.json", { name: "@ferry/core", dependencies: { "@ferry/runner-a": "1" } });
  write(
    "packages/core/src/a.ts",
    'import "@ferry/cli";\nimport { S3 } from "@aws-sdk/client-s3";\nimport { own } from "@ferry/core";\n',
  );
  write("packages/cli/package.json", { name: "@ferry/cli", dependencies: { "@ferry/core": "1" } });
  write("packages/cli/src/main.ts", 'import { x } from "@ferry/core";\nconst y = await import("left-pad");\n');
  write("plugins/runner-a/package.json", { name: "@ferry/runner-a", dependencies: { "@ferry/runner-b": "1" } });
  write(
    "plugins/runner-a/src/index.ts",
    'export { b } from "@ferry/runner-b";\nimport { d } from "@ferry/core/src/deep.ts";\n',
  );
  expect(checkDeps(root).problems.sort()).toEqual(
    [
      "packages/core/package.json depends on @ferry/runner-a: core depends on no other Ferry package and on no cloud SDK. Remove the dependency.",
      "packages/core/src/a.ts imports @aws-sdk/client-s3: core depends on no other Ferry package and on no cloud SDK.",
      "packages/core/src/a.ts imports @ferry/cli: nothing imports the CLI.",
      "packages/core/src/a.ts imports @ferry/cli: core depends on no other Ferry package and on no cloud SDK.",
      "packages/cli/src/main.ts imports left-pad, which packages/cli/package.json does not declare. Add it to dependencies.",
      "plugins/runner-a/package.json depends on @ferry/runner-b: a runner plugin never depends on another runner plugin. Remove the dependency.",
      "plugins/runner-a/src/index.ts imports @ferry/runner-b: a runner plugin never depends on another runner plugin.",
      "plugins/runner-a/src/index.ts imports @ferry/core/src/deep.ts, which plugins/runner-a/package.json does not declare. Add it to dependencies.",
      "plugins/runner-a/src/index.ts deep-imports @ferry/core/src/deep.ts: use the package's exports.",
    ].sort(),
  );
});

it("passes a workspace that keeps the rules", () => {
  const clean = mkdtempSync(join(tmpdir(), "ferry-deps-"));
  mkdirSync(join(clean, "packages/core/src"), { recursive: true });
  writeFileSync(
    join(clean, "packages/core/package.json"),
    JSON.stringify({ name: "@ferry/core", dependencies: { yaml: "1" } }),
  );
  writeFileSync(join(clean, "packages/core/src/a.ts"), 'import { parse } from "yaml";\nimport { b } from "./b.ts";\n');
  expect(checkDeps(clean)).toEqual({ problems: [], packages: 1 });
  rmSync(clean, { recursive: true, force: true });
});
