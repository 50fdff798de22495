// Each auth mode against the emulator requiring a token: the header it sends, and the
// message (with the exact fix) when the credentials are missing, expired or refused.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FerryError, formatError } from "@ferry/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKubeflowEmulator, type KubeflowEmulator } from "../src/emulator/index.ts";
import { kubeflow } from "../src/index.ts";
import { dockerLogin, pushTinyBase, registry } from "./helpers/registry.ts";
import { BUCKET, createBucket, moto } from "./helpers/s3.ts";
import { optionsOf, type Staged, stage } from "./helpers/stage.ts";

const skip = registry.skip ?? moto.skip;
const TOKEN = "valid-token";
let emulator: KubeflowEmulator;
let staged: Staged;
const dir = mkdtempSync(join(tmpdir(), "ferry-kfp-auth-"));

/** Submit the staged run with `auth` (and `url`), as core calls the plugin. */
async function submitWith(auth: Record<string, unknown>, url = emulator.url) {
  const options = await optionsOf({ ...staged.options, url, auth });
  return kubeflow().submit({ ...staged.ctx(), options }, staged.compiled, staged.artifact);
}

/** The error as the CLI prints it (stable: no ports, no temp folders). */
async function refusal(auth: Record<string, unknown>, url?: string): Promise<string> {
  const error = await submitWith(auth, url).then(
    () => new Error("expected TARGET_AUTH_FAILED"),
    (e: unknown) => e,
  );
  expect(FerryError.is(error, "TARGET_AUTH_FAILED"), String(error)).toBe(true);
  return formatError(error)
    .replaceAll(dir, "<tmp>")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>")
    .replace(/test-[0-9a-f]{8}/g, "<run-id>");
}

function kubeconfig(user: Record<string, unknown>): string {
  const path = join(dir, `kubeconfig-${Math.random().toString(16).slice(2)}`);
  writeFileSync(
    path,
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "lab", cluster: { server: "https://kubernetes.example.com" } }],
      users: [{ name: "me", user }],
      contexts: [{ name: "lab", context: { cluster: "lab", user: "me" } }],
      "current-context": "lab",
    }),
  );
  process.env.KUBECONFIG = path;
  return path;
}

describe.skipIf(skip !== undefined)(`kubeflow auth modes${skip ? ` — skipped: ${skip}` : ""}`, () => {
  beforeAll(async () => {
    dockerLogin();
    await createBucket();
    emulator = await createKubeflowEmulator({ token: TOKEN, env: { FERRY_NODE: process.execPath } });
    const base = await pushTinyBase();
    staged = await stage({
      url: emulator.url,
      imageRegistry: `${registry.endpoints?.host}/kubeflow-test`,
      baseImage: base,
      storageRoot: `s3://${BUCKET}/runs`,
    });
  });
  afterAll(async () => {
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("token: sends the env var as a bearer token", async () => {
    process.env.FERRY_KFP_TEST_TOKEN = TOKEN;
    const handle = await submitWith({ type: "token", env: "FERRY_KFP_TEST_TOKEN" });
    expect(handle.data?.runId).toBeTypeOf("string");
  });

  it("token: names the variable to set when it is absent", async () => {
    delete process.env.FERRY_KFP_ABSENT;
    expect(await refusal({ type: "token", env: "FERRY_KFP_ABSENT" })).toMatchInlineSnapshot(`
      "Target refused the credentials [TARGET_AUTH_FAILED]
      No credentials for Kubeflow Pipelines at http://127.0.0.1:<port>: the environment variable FERRY_KFP_ABSENT is not set.
      Hint: Set FERRY_KFP_ABSENT to a valid bearer token for http://127.0.0.1:<port> (tokens expire: get a fresh one)."
    `);
  });

  it("token: an expired or rejected token (401) says to get a fresh one", async () => {
    process.env.FERRY_KFP_TEST_TOKEN = "expired-token";
    expect(await refusal({ type: "token", env: "FERRY_KFP_TEST_TOKEN" })).toMatchInlineSnapshot(`
      "Target refused the credentials [TARGET_AUTH_FAILED]
      Kubeflow Pipelines at http://127.0.0.1:<port> refused the credentials (auth token) to look for an earlier submit of run 'conformance-diamond <run-id>': 401 Unauthenticated: the token is invalid or expired
      Hint: Set FERRY_KFP_TEST_TOKEN to a valid bearer token for http://127.0.0.1:<port> (tokens expire: get a fresh one)."
    `);
  });

  it("none: a server that wants credentials says which auth to configure", async () => {
    expect(await refusal({ type: "none" })).toMatchInlineSnapshot(`
      "Target refused the credentials [TARGET_AUTH_FAILED]
      Kubeflow Pipelines at http://127.0.0.1:<port> refused the credentials (auth none) to look for an earlier submit of run 'conformance-diamond <run-id>': 401 Unauthenticated: the request has no bearer token and no session cookie
      Hint: KFP at http://127.0.0.1:<port> wants credentials: set auth in the kubeflow target options (conf/<env>/targets.yml), e.g. auth: { type: token } with the token in KFP_TOKEN, or auth: { type: cookie } with the authservice_session cookie in KFP_COOKIE."
    `);
  });

  it("cookie: sends the session cookie, and asks for a fresh login when it is refused or absent", async () => {
    process.env.FERRY_KFP_TEST_COOKIE = TOKEN;
    expect((await submitWith({ type: "cookie", env: "FERRY_KFP_TEST_COOKIE" })).data?.runId).toBeTypeOf("string");
    process.env.FERRY_KFP_TEST_COOKIE = "stale";
    expect(await refusal({ type: "cookie", env: "FERRY_KFP_TEST_COOKIE" })).toMatchInlineSnapshot(`
      "Target refused the credentials [TARGET_AUTH_FAILED]
      Kubeflow Pipelines at http://127.0.0.1:<port> refused the credentials (auth cookie) to look for an earlier submit of run 'conformance-diamond <run-id>': 401 Unauthenticated: the token is invalid or expired
      Hint: Log in to the Kubeflow dashboard again, copy the value of its authservice_session cookie and set FERRY_KFP_TEST_COOKIE to it (sessions expire)."
    `);
    delete process.env.FERRY_KFP_TEST_COOKIE;
    expect(await refusal({ type: "cookie", env: "FERRY_KFP_TEST_COOKIE" })).toMatchInlineSnapshot(`
      "Target refused the credentials [TARGET_AUTH_FAILED]
      No credentials for Kubeflow Pipelines at http://127.0.0.1:<port>: the environment variable FERRY_KFP_TEST_COOKIE is not set.
      Hint: Log in to the Kubeflow dashboard again, copy the value of its authservice_session cookie and set FERRY_KFP_TEST_COOKIE to it (sessions expire)."
    `);
  });

  it("serviceAccountToken: reads the projected token at KF_PIPELINES_SA_TOKEN_PATH, and names the path when it is missing", async () => {
    const path = join(dir, "sa-token");
    writeFileSync(path, `${TOKEN}\n`);
    process.env.KF_PIPELINES_SA_TOKEN_PATH = path;
    expect((await submitWith({ type: "serviceAccountToken" })).data?.runId).toBeTypeOf("string");
    expect(await refusal({ type: "serviceAccountToken", path: join(dir, "no-such-token") })).toMatchInlineSnapshot(`
      "Target refused the credentials [TARGET_AUTH_FAILED]
      No credentials for Kubeflow Pipelines at http://127.0.0.1:<port>: the ServiceAccount token file <tmp>/no-such-token cannot be read (ENOENT).
      Hint: Mount a projected ServiceAccount token with audience pipelines.kubeflow.org at <tmp>/no-such-token (or set KF_PIPELINES_SA_TOKEN_PATH to where it is), e.g. with a Kubeflow PodDefault."
    `);
    delete process.env.KF_PIPELINES_SA_TOKEN_PATH;
  });

  it("kubeconfig: sends the kube-config user's token; an unknown context or a user without credentials says what to fix", async () => {
    kubeconfig({ token: TOKEN });
    expect((await submitWith({ type: "kubeconfig" })).data?.runId).toBeTypeOf("string");
    expect(await refusal({ type: "kubeconfig", context: "prod" })).toMatchInlineSnapshot(`
      "Target refused the credentials [TARGET_AUTH_FAILED]
      No credentials for Kubeflow Pipelines at http://127.0.0.1:<port>: the kube-config has no context 'prod' (it has: lab).
      Hint: Log in to the cluster again and pick the context that reaches it: kubectl config use-context prod (or set auth.context); the kube-config user needs a token, an exec plugin or an auth provider."
    `);
    kubeconfig({});
    expect(await refusal({ type: "kubeconfig" })).toMatchInlineSnapshot(`
      "Target refused the credentials [TARGET_AUTH_FAILED]
      No credentials for Kubeflow Pipelines at http://127.0.0.1:<port>: the user of kube-config context 'lab' has no token, exec plugin or auth provider.
      Hint: Log in to the cluster again and pick the context that reaches it: kubectl config use-context <context> (or set auth.context); the kube-config user needs a token, an exec plugin or an auth provider."
    `);
    kubeconfig({ token: "revoked" });
    expect(await refusal({ type: "kubeconfig" })).toMatchInlineSnapshot(`
      "Target refused the credentials [TARGET_AUTH_FAILED]
      Kubeflow Pipelines at http://127.0.0.1:<port> refused the credentials (auth kubeconfig) to look for an earlier submit of run 'conformance-diamond <run-id>': 401 Unauthenticated: the token is invalid or expired
      Hint: Log in to the cluster again and pick the context that reaches it: kubectl config use-context <context> (or set auth.context); the kube-config user needs a token, an exec plugin or an auth provider."
    `);
    delete process.env.KUBECONFIG;
  });

  it("a gateway's redirect to its login page is an expired session, not a page to follow", async () => {
    // A stub of the Kubeflow gateway (oauth2-proxy / oidc-authservice): no real one runs here.
    const gatewayStub: Server = createServer((_req, res) => {
      res.writeHead(302, { location: "/dex/auth?client_id=kubeflow-oidc-authservice" });
      res.end();
    });
    await new Promise<void>((resolve) => gatewayStub.listen(0, "127.0.0.1", resolve));
    process.env.FERRY_KFP_TEST_COOKIE = "expired-session";
    try {
      const url = `http://127.0.0.1:${(gatewayStub.address() as AddressInfo).port}/pipeline`;
      expect(await refusal({ type: "cookie", env: "FERRY_KFP_TEST_COOKIE" }, url)).toMatchInlineSnapshot(`
        "Target refused the credentials [TARGET_AUTH_FAILED]
        Kubeflow Pipelines at http://127.0.0.1:<port>/pipeline refused the credentials (auth cookie) to find the experiment 'conformance': redirected to /dex/auth?client_id=kubeflow-oidc-authservice (the session is not valid)
        Hint: Log in to the Kubeflow dashboard again, copy the value of its authservice_session cookie and set FERRY_KFP_TEST_COOKIE to it (sessions expire)."
      `);
    } finally {
      gatewayStub.close();
      delete process.env.FERRY_KFP_TEST_COOKIE;
    }
  });
});
