import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FerryError, formatError } from "@ferry/core";
import { freePort, peer } from "@ferry/repo-scripts/peers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  acrAuth,
  buildImage,
  dockerConfigAuth,
  ecrAuth,
  gcpArtifactRegistryAuth,
  layerFromDir,
  pullImage,
  pushImage,
  snowflakeRegistryAuth,
  snowflakeRegistryHost,
} from "../src/index.ts";
import { makeFixtures } from "./fixtures.ts";
import { registryMissing, startRegistry, type TestRegistry } from "./registry.ts";

const registryAbsent = registryMissing();
if (process.env.CI && registryAbsent) throw new Error(`${registryAbsent} (CI needs it)`);
const moto = peer("moto");

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => resolve(body));
  });

/** A server answering each POST with `answer(form)`; a stand-in for a vendor's token endpoint. */
async function startStubTokenEndpoint(answer: (form: URLSearchParams, path: string) => unknown) {
  const forms: URLSearchParams[] = [];
  const server = createServer(async (req, res) => {
    const form = new URLSearchParams(await readBody(req));
    forms.push(form);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(answer(form, req.url ?? "/")));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { host: `127.0.0.1:${port}`, forms, stop: () => server.close() };
}

const fakeJwt = (claims: Record<string, unknown>) =>
  `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;

describe.skipIf(moto.skip !== undefined)(`ecrAuth against moto${moto.skip ? ` — skipped: ${moto.skip}` : ""}`, () => {
  const endpoint = moto.endpoints?.endpoint ?? "";
  const saved = { ...process.env };
  beforeAll(async () => {
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_EC2_METADATA_DISABLED: "true",
    });
  });
  afterAll(() => {
    process.env = saved;
  });

  it("decodes GetAuthorizationToken into the AWS user and its password, region taken from the host", async () => {
    const auth = ecrAuth({ endpoint });
    const credentials = await auth.credentials("123456789012.dkr.ecr.eu-west-3.amazonaws.com");
    // moto's token is base64("AWS:<account>-auth-token")
    expect(credentials).toMatchObject({ username: "AWS", password: "123456789012-auth-token" });
  });

  it("says which credential source failed when the AWS SDK finds no credentials", async () => {
    const env = { ...process.env };
    for (const key of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"]) delete process.env[key];
    process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/credentials";
    process.env.AWS_CONFIG_FILE = "/nonexistent/config";
    try {
      const error = await ecrAuth({ endpoint, region: "us-east-1" })
        .credentials("123456789012.dkr.ecr.us-east-1.amazonaws.com")
        .catch((e: unknown) => e as FerryError);
      expect(FerryError.is(error, "REGISTRY_AUTH_FAILED")).toBe(true);
      expect((error as FerryError).message).toMatchInlineSnapshot(
        `"Could not get credentials for the image registry 123456789012.dkr.ecr.us-east-1.amazonaws.com from the AWS SDK's credential chain: CredentialsProviderError."`,
      );
      expect((error as FerryError).hint).toMatchInlineSnapshot(
        `"Set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or run with a role); the identity needs ecr:GetAuthorizationToken and push rights on the repository, in the registry's region."`,
      );
    } finally {
      process.env = env;
    }
  });
});

describe.skipIf(registryAbsent !== undefined)(
  `dockerConfigAuth against docker-registry${registryAbsent ? ` — skipped: ${registryAbsent}` : ""}`,
  () => {
    let registry: TestRegistry;
    let work: string;
    beforeAll(async () => {
      registry = await startRegistry({ auth: "htpasswd" });
      work = await mkdtemp(join(tmpdir(), "ferry-oci-docker-config-"));
    });
    afterAll(async () => {
      await registry?.stop();
      if (work) await rm(work, { recursive: true, force: true });
    });

    it("pushes and pulls with what docker login saved in config.json", async () => {
      const path = join(work, "config.json");
      const auth64 = Buffer.from(`${registry.username}:${registry.password}`).toString("base64");
      await writeFile(path, JSON.stringify({ auths: { [registry.host]: { auth: auth64 } } }));
      const fixtures = await makeFixtures(1);
      try {
        const image = await buildImage({
          layers: [await layerFromDir(fixtures.app, { prefix: "app", outDir: join(work, "layers") })],
          config: { entrypoint: ["node"] },
        });
        const auth = dockerConfigAuth({ path });
        const pushed = await pushImage(image, `${registry.host}/ferry/from-config`, { auth });
        expect((await pullImage(pushed.ref, { auth })).digest).toBe(image.digest);

        await writeFile(path, JSON.stringify({ auths: {} }));
        const error = await pushImage(image, `${registry.host}/ferry/from-config`, {
          auth: dockerConfigAuth({ path }),
        }).catch((e: unknown) => e as FerryError);
        expect(FerryError.is(error, "REGISTRY_AUTH_FAILED")).toBe(true);
        expect(
          (error as FerryError).message.replaceAll(registry.host, "<registry>").replace(path, "<config>"),
        ).toMatchInlineSnapshot(
          `"The image registry <registry> needs a username and password, and <config> has none for it."`,
        );
        expect(
          (error as FerryError).hint?.replaceAll(registry.host, "<registry>").replace(path, "<config>"),
        ).toMatchInlineSnapshot(`"Log in again: docker login <registry> (it writes <config>)."`);
      } finally {
        await rm(fixtures.work, { recursive: true, force: true });
      }
    });
  },
);

describe("acrAuth", () => {
  it("exchanges the AAD token at <registry>/oauth2/exchange for a refresh token used with the null-GUID user", async () => {
    const refresh = fakeJwt({ exp: Math.floor(Date.now() / 1000) + 3600 });
    const exchange = await startStubTokenEndpoint(() => ({ refresh_token: refresh }));
    try {
      const aad = fakeJwt({ tid: "tenant-1234" });
      const auth = acrAuth({
        credential: { getToken: async () => ({ token: aad, expiresOnTimestamp: Date.now() + 3_600_000 }) },
      });
      expect(await auth.credentials(exchange.host)).toEqual({
        username: "00000000-0000-0000-0000-000000000000",
        password: refresh,
      });
      expect(Object.fromEntries(exchange.forms[0] ?? [])).toEqual({
        grant_type: "access_token",
        service: exchange.host,
        access_token: aad,
        tenant: "tenant-1234",
      });
      await auth.credentials(exchange.host);
      expect(exchange.forms).toHaveLength(1); // cached until shortly before the refresh token expires
    } finally {
      exchange.stop();
    }
  });

  it("reports a failed AAD login as an auth failure with the fix, not the SDK's stack", async () => {
    const auth = acrAuth({
      credential: {
        getToken: async () => {
          throw Object.assign(new Error("DefaultAzureCredential failed to retrieve a token"), {
            name: "AggregateAuthenticationError",
          });
        },
      },
    });
    const error = (await auth.credentials("ferry.azurecr.io").catch((e: unknown) => e)) as FerryError;
    expect(FerryError.is(error, "REGISTRY_AUTH_FAILED")).toBe(true);
    expect(error.message).toMatchInlineSnapshot(
      `"Could not get credentials for the image registry ferry.azurecr.io from Azure's DefaultAzureCredential: AggregateAuthenticationError."`,
    );
    expect(error.hint).toMatchInlineSnapshot(
      `"Run az login, or set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET (or use a managed identity); the identity needs the AcrPush role on the registry."`,
    );
  });
});

describe("gcpArtifactRegistryAuth", () => {
  it("sends Application Default Credentials' access token as the password of oauth2accesstoken", async () => {
    // ADC through google-auth-library for real: an external_account credentials file whose STS
    // token_url is a local stand-in, so the library's own flow produces the token.
    const sts = await startStubTokenEndpoint(() => ({
      access_token: "ya29.test-access-token",
      issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
      token_type: "Bearer",
      expires_in: 3600,
    }));
    const dir = await mkdtemp(join(tmpdir(), "ferry-oci-adc-"));
    const saved = { ...process.env };
    try {
      await writeFile(join(dir, "subject-token"), "subject-token-from-idp");
      await writeFile(
        join(dir, "adc.json"),
        JSON.stringify({
          type: "external_account",
          audience: "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/x",
          subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
          token_url: `http://${sts.host}/v1/token`,
          credential_source: { file: join(dir, "subject-token") },
        }),
      );
      process.env.GOOGLE_APPLICATION_CREDENTIALS = join(dir, "adc.json");
      process.env.GOOGLE_CLOUD_PROJECT = "ferry-test"; // else the library looks the project up online
      const credentials = await gcpArtifactRegistryAuth().credentials("us-docker.pkg.dev");
      expect(credentials).toEqual({ username: "oauth2accesstoken", password: "ya29.test-access-token" });
      expect(sts.forms[0]?.get("subject_token")).toBe("subject-token-from-idp");
    } finally {
      process.env = saved;
      sts.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("snowflakeRegistryAuth", () => {
  it("uses the session token as the password of 0sessiontoken, fetching a fresh one when given a function", async () => {
    let calls = 0;
    const auth = snowflakeRegistryAuth({ token: async () => `session-${++calls}` });
    const host = snowflakeRegistryHost("MyOrg", "my_account");
    expect(host).toBe("myorg-my-account.registry.snowflakecomputing.com");
    expect(await auth.credentials(host)).toEqual({ username: "0sessiontoken", password: "session-1" });
    expect(await auth.credentials(host)).toEqual({ username: "0sessiontoken", password: "session-2" });
    const error = (await snowflakeRegistryAuth({ token: "secret-session-token" })
      .authorize({ registry: host, challenge: { scheme: "negotiate", params: {} }, scopes: [] })
      .catch((e: unknown) => e)) as FerryError;
    expect(formatError(error)).not.toContain("secret-session-token");
  });
});

it("loads no cloud SDK until a provider needs it", () => {
  const script = `
    import { registerHooks } from "node:module";
    const seen = [];
    registerHooks({ resolve(specifier, context, next) { seen.push(specifier); return next(specifier, context); } });
    const oci = await import(${JSON.stringify(join(import.meta.dirname, "../src/index.ts"))});
    oci.ecrAuth(); oci.acrAuth(); oci.gcpArtifactRegistryAuth(); oci.basicAuth({ username: "u", password: "p" });
    console.log(JSON.stringify(seen));`;
  const seen = JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }),
  ) as string[];
  expect(seen).toContain("tar-stream");
  expect(seen.filter((s) => /^(@aws-sdk|@azure|google-auth-library)/.test(s))).toEqual([]);
});
