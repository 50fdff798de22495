import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, expect, it } from "vitest";
import { cleanPath, createTreeWriter } from "./tree-writer.ts";

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), "ferry-tree-writer-"));
});
afterEach(() => rm(work, { recursive: true, force: true }));

const file = (name: string, body: string) =>
  [
    {
      name,
      type: "file" as const,
      mode: 0o644,
      size: body.length,
      mtime: new Date(0),
      linkname: "",
      uid: 0,
      gid: 0,
      uname: "",
      gname: "",
      devmajor: 0,
      devminor: 0,
    },
    Readable.from([Buffer.from(body)]),
  ] as const;
const link = (name: string, target: string) =>
  [{ ...file(name, "")[0], type: "symlink" as const, linkname: target }, Readable.from([])] as const;

it("keeps `..` and absolute paths inside the root", () => {
  expect(cleanPath("../../etc/passwd")).toBe("etc/passwd");
  expect(cleanPath("/a/./b/../c/")).toBe("a/c");
});

it("never writes outside the root, even through symlinks a layer planted", async () => {
  const root = join(work, "root");
  const writer = await createTreeWriter(root);
  const layer = writer.layer();
  await layer.write(...link("escape", "../../outside"));
  await layer.write(...link("abs", "/etc"));
  await layer.write(...file("escape/pwned.txt", "x"));
  await layer.write(...file("abs/passwd", "y"));
  await layer.write(...file("../../pwned2.txt", "z"));
  expect((await readdir(work)).sort()).toEqual(["root"]);
  expect(await readFile(join(root, "outside/pwned.txt"), "utf8")).toBe("x");
  expect(await readFile(join(root, "etc/passwd"), "utf8")).toBe("y");
  expect(await readFile(join(root, "pwned2.txt"), "utf8")).toBe("z");
});
