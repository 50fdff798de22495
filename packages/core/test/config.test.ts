import { openSession } from "@ferry/core";
import { describe, expect, it } from "vitest";
import { rejection } from "./helpers/errors.ts";
import { diamondFiles, makeProject } from "./helpers/project.ts";

const open = (files: Record<string, string>, extra: Partial<Parameters<typeof openSession>[0]> = {}) =>
  openSession({ cwd: makeProject({ ...diamondFiles, ...files }), ...extra });

describe("layered config", () => {
  it("layers conf/<env> over conf/base and --params over both", async () => {
    const session = await open(
      { "conf/prod/parameters.yml": "factor: 10\n", "conf/prod/catalog.yml": "total:\n  path: out/total.json\n" },
      { env: "prod", params: ["fail=true"] },
    );
    expect(session.params).toEqual({ factor: 10, fail: true });
    expect(session.catalog.describe("total").uri).toMatch(/\/out\/total\.json$/);
    expect(session.catalog.describe("raw").uri).toMatch(/\/data\/raw\.json$/);
  });

  it("parses --params values as YAML scalars, several per flag", async () => {
    const session = await open(
      { "conf/base/parameters.yml": "a: {b: 1, c: x}\nd: [1]\nfactor: 1\nfail: false\n" },
      {
        params: ["a.b=2.5,a.c=hello world", "d=[3, 4]"],
      },
    );
    expect(session.params).toEqual({ a: { b: 2.5, c: "hello world" }, d: [3, 4], factor: 1, fail: false });
  });

  it("rejects an unknown --params key with a suggestion", async () => {
    const error = await rejection(open({}, { params: ["facter=3"] }));
    expect(error.code).toBe("PARAM_UNKNOWN");
    expect(error.message).toMatchInlineSnapshot(
      `"--params sets 'facter', which is not a parameter of this project. Did you mean 'factor'?"`,
    );
  });

  it("rejects a --params value without '='", async () => {
    expect((await rejection(open({}, { params: ["factor"] }))).message).toMatchInlineSnapshot(
      `"--params 'factor' is not of the form key=value."`,
    );
  });

  it("names the file, line and column of bad YAML", async () => {
    const error = await rejection(open({ "conf/base/catalog.yml": "raw:\n  path: [unclosed\n" }));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toMatch(/^conf\/base\/catalog\.yml:3:1 is not valid YAML: /);
    expect(error.hint).toMatchInlineSnapshot(`"Fix the YAML syntax in conf/base/catalog.yml at line 3."`);
  });

  it("rejects a YAML file that is not a mapping", async () => {
    expect((await rejection(open({ "conf/base/parameters.yml": "- 1\n- 2\n" }))).message).toMatchInlineSnapshot(
      `"conf/base/parameters.yml must hold a mapping of names to values, not a list."`,
    );
  });

  it("lists the environments when --env names a missing one", async () => {
    const error = await rejection(open({ "conf/prod/parameters.yml": "factor: 1\n" }, { env: "prd" }));
    expect(error.code).toBe("ENV_NOT_FOUND");
    expect(`${error.message}\n${error.hint}`).toMatchInlineSnapshot(`
      "There is no config environment 'prd': conf/prd does not exist. Did you mean 'prod'?
      Use one of: base, prod; or create conf/prd/."
    `);
  });

  it("reports every catalog problem at once, each with its fix", async () => {
    const error = await rejection(
      open({
        "conf/base/catalog.yml": [
          "raw:\n  path: data/raw.json\n  filepath: x\n",
          "totl:\n  path: data/t.json\n",
          "total:\n  type: csv\n  path: data/total.csv\n",
          "halved:\n  type: jsn\n  path: x.json\n",
        ].join(""),
      }),
    );
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toMatchInlineSnapshot(`
      "The project configuration has 4 problems:
      1. conf/base/catalog.yml: 'raw' has unknown key 'filepath'. Did you mean 'path'?
         Fix: Use only: type, path, versioned, load_args, save_args.
      2. conf/base/catalog.yml configures 'totl', which no pipeline uses and catalog.ts does not declare. Did you mean 'total'?
         Fix: Rename the entry, or declare 'totl' in defineCatalog(...).
      3. conf/base/catalog.yml: 'total' is declared as json (json) in catalog.ts but configured as csv (dataframe).
         Fix: Use a type whose in-memory kind is 'json', or change the declaration in catalog.ts.
      4. conf/base/catalog.yml: 'halved' has the unknown type 'jsn'. Did you mean 'json'?
         Fix: Set \`type:\` to one of: csv, parquet, excel, json, text, bytes, memory (or register the type in ferry.config.ts \`datasetTypes\`)."
    `);
  });

  it("requires a path for every declared persistent dataset", async () => {
    const error = await rejection(open({ "conf/base/catalog.yml": "raw:\n  path: data/raw.json\n" }));
    expect(error.message).toContain(
      "Dataset 'total' is declared as json in catalog.ts but has no entry in conf/base/catalog.yml.",
    );
  });

  it("names a node's parameter that parameters.yml lacks", async () => {
    const error = await rejection(open({ "conf/base/parameters.yml": "factr: 2\nfail: false\n" }));
    expect(error.message).toContain(
      "Node 'double' reads parameter 'params:factor', which parameters.yml does not define. Did you mean 'factr'?",
    );
  });

  it("says where to run ferry when no project is found", async () => {
    const error = await rejection(openSession({ cwd: "/" }));
    expect(error.code).toBe("PROJECT_NOT_FOUND");
  });

  it("explains a ferry.config.ts that does not load", async () => {
    const error = await rejection(open({ "ferry.config.ts": "export const config = ;" }));
    expect(error.code).toBe("PROJECT_INVALID");
    expect(error.hint).toContain("type stripping");
  });

  it("explains a ferry.config.ts without a config export", async () => {
    const error = await rejection(open({ "ferry.config.ts": "export const conifg = {};" }));
    expect(error.message).toMatch(/has no `config` export\. Did you mean 'conifg'\?$/);
  });
});
