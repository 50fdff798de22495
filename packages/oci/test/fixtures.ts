// Folders the tests turn into layers: a tiny root filesystem for a base image, an app and its deps.
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export async function writeTree(
  root: string,
  files: Record<string, string | Buffer | { link: string } | { exec: string }>,
) {
  for (const [path, content] of Object.entries(files)) {
    const at = join(root, path);
    await mkdir(dirname(at), { recursive: true });
    if (typeof content === "object" && "link" in content) await symlink(content.link, at);
    else if (typeof content === "object" && "exec" in content) await writeFile(at, content.exec, { mode: 0o755 });
    else await writeFile(at, content);
  }
}

/** A work folder with `rootfs/` (a fake distro), `app/` and `deps/` (with incompressible bytes, `depsKiB` of them). */
export async function makeFixtures(depsKiB = 8): Promise<{ work: string; rootfs: string; app: string; deps: string }> {
  const work = await mkdtemp(join(tmpdir(), "ferry-oci-test-"));
  const rootfs = join(work, "rootfs");
  const app = join(work, "app");
  const deps = join(work, "deps");
  await writeTree(rootfs, {
    "etc/os-release": 'PRETTY_NAME="Ferry Test Linux"\nID=ferrytest\n',
    "usr/local/bin/hello": { exec: "#!/bin/sh\necho hello\n" },
    "usr/bin/env-info": { exec: "#!/bin/sh\nenv\n" },
    bin: { link: "usr/bin" },
    "tmp/.keep": "",
  });
  await writeTree(app, {
    "main.js": 'console.log("v1");\n',
    "conf/base/parameters.yml": "alpha: 1\n",
  });
  await writeTree(deps, {
    "node_modules/left-pad/package.json": '{"name":"left-pad","version":"1.3.0"}\n',
    "node_modules/left-pad/index.js": "module.exports = (s, n) => String(s).padStart(n);\n",
    "node_modules/left-pad/blob.bin": randomBytes(depsKiB * 1024),
    "node_modules/.bin/left-pad": { link: "../left-pad/index.js" },
    "node_modules/tool/cli.js": { exec: "#!/usr/bin/env node\n" },
  });
  return { work, rootfs, app, deps };
}
