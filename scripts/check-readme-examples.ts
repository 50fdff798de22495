// Every package README shows its example from a real file that the package's typecheck
// covers: a fenced block opened with ```ts file=<path> must equal that file byte for byte.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const BLOCK = /```ts file=(\S+)\n([\s\S]*?)```/g;
const problems: string[] = [];
let checked = 0;
for (const group of ["packages", "plugins", "examples", "."]) {
  const dirs =
    group === "."
      ? ["conformance-tests"]
      : existsSync(join(root, group))
        ? readdirSync(join(root, group)).map((d) => join(group, d))
        : [];
  for (const dir of dirs) {
    const readme = join(root, dir, "README.md");
    if (!existsSync(join(root, dir, "package.json"))) continue;
    if (!existsSync(readme)) {
      problems.push(`${dir} has no README.md: add one (what it is, a typechecked example, options).`);
      continue;
    }
    for (const [, file, code] of readFileSync(readme, "utf8").matchAll(BLOCK)) {
      const path = join(root, dir, file ?? "");
      checked++;
      if (!existsSync(path)) problems.push(`${dir}/README.md shows ${file}, which does not exist.`);
      else if (readFileSync(path, "utf8") !== code) {
        problems.push(`${dir}/README.md's example differs from ${file}: copy the file into the README block.`);
      }
    }
  }
}
if (problems.length > 0) {
  console.error(`README examples out of date:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log(`${checked} README examples match their typechecked files.`);
