import { validatePluginOptions } from "@ferry/core/plugin";
import { describe, expect, it } from "vitest";
import { kubeflow } from "./plugin.ts";

const valid = {
  url: "https://kubeflow.example.com/pipeline/",
  imageRegistry: "ghcr.io/acme/",
  storageRoot: "s3://bucket/ferry/",
};
const problem = (raw: unknown) =>
  validatePluginOptions(kubeflow(), raw, "conf/base/targets.yml").then(
    () => "valid",
    (error: Error & { code?: string }) => `${error.code}: ${error.message}`,
  );

describe("kubeflow options", () => {
  it("fill their defaults and drop trailing slashes", async () => {
    expect(await validatePluginOptions(kubeflow(), valid, "test")).toEqual({
      url: "https://kubeflow.example.com/pipeline",
      imageRegistry: "ghcr.io/acme",
      storageRoot: "s3://bucket/ferry",
      auth: { type: "none" },
      caching: false,
      env: {},
      paramTypes: {},
      pollIntervalMs: 5000,
      cronTimeZone: "UTC",
    });
    const auth = async (a: unknown) =>
      ((await validatePluginOptions(kubeflow(), { ...valid, auth: a }, "test")) as { auth: unknown }).auth;
    expect(await auth({ type: "token" })).toEqual({ type: "token", env: "KFP_TOKEN" });
    expect(await auth({ type: "cookie" })).toEqual({ type: "cookie", env: "KFP_COOKIE", name: "authservice_session" });
    expect(await auth({ type: "serviceAccountToken" })).toEqual({ type: "serviceAccountToken" });
  });

  it("name every problem with its key path", async () => {
    expect(
      await problem({
        url: "kubeflow.example.com",
        namespace: "Team_A",
        imageRegistry: "https://ghcr.io/acme",
        storageRoot: "/data/ferry",
        env: { "BAD-NAME": "x" },
        paramTypes: { lr: "FLOAT" },
        accelerators: { tolerations: [{ effect: "Sometimes" }] },
        pollIntervalMs: 5,
        region: "eu",
      }),
    ).toMatchInlineSnapshot(`
      "PLUGIN_OPTIONS_INVALID: Options for target 'kubeflow' (conf/base/targets.yml) are invalid:
      - url: an http(s) URL of the KFP API, e.g. https://kubeflow.example.com/pipeline
      - namespace: a Kubernetes namespace: lowercase letters, digits and '-'
      - imageRegistry: an image registry, optionally with a path: europe-docker.pkg.dev/my-project/my-repo, ghcr.io/acme
      - storageRoot: an s3://, gs:// or minio:// bucket URI (KFP's pipeline_root): the steps read and write there
      - env.BAD-NAME: an environment variable name (letters, digits and _)
      - paramTypes.lr: Invalid option: expected one of "NUMBER_INTEGER"|"NUMBER_DOUBLE"|"STRING"|"BOOLEAN"|"STRUCT"|"LIST"
      - accelerators.tolerations.0.effect: Invalid option: expected one of "NoSchedule"|"PreferNoSchedule"|"NoExecute"
      - pollIntervalMs: Too small: expected number to be >=100
      - (root): Unrecognized key: "region""
    `);
  });

  it("refuse the API path in url, and required options left out", async () => {
    expect(await problem({ ...valid, url: "http://ml-pipeline.kubeflow:8888/apis/v2beta1" })).toMatchInlineSnapshot(`
      "PLUGIN_OPTIONS_INVALID: Options for target 'kubeflow' (conf/base/targets.yml) are invalid:
      - url: the base URL, without /apis/v2beta1 (Ferry adds it)"
    `);
    expect(await problem({})).toMatchInlineSnapshot(`
      "PLUGIN_OPTIONS_INVALID: Options for target 'kubeflow' (conf/base/targets.yml) are invalid:
      - url: required: the KFP API's base URL, e.g. https://kubeflow.example.com/pipeline
      - imageRegistry: required: the registry the image is pushed to, e.g. ghcr.io/acme
      - storageRoot: required: the runs' s3://, gs:// or minio:// storage root"
    `);
  });

  it("refuse a secret in options and say where it goes", async () => {
    expect(await problem({ ...valid, auth: { type: "token", token: "eyJhbGciOi" } })).toMatchInlineSnapshot(`
      "PLUGIN_OPTIONS_INVALID: Options for target 'kubeflow' (conf/base/targets.yml) are invalid:
      - auth: secrets never go in options (token); put the token in the environment variable named by env (default KFP_TOKEN)"
    `);
    expect(await problem({ ...valid, auth: { type: "cookie", value: "MTY4" } })).toMatchInlineSnapshot(`
      "PLUGIN_OPTIONS_INVALID: Options for target 'kubeflow' (conf/base/targets.yml) are invalid:
      - auth: secrets never go in options (value); put the cookie's value in the environment variable named by env (default KFP_COOKIE)"
    `);
    expect(await problem({ ...valid, auth: { type: "password" } })).toMatchInlineSnapshot(`
      "PLUGIN_OPTIONS_INVALID: Options for target 'kubeflow' (conf/base/targets.yml) are invalid:
      - auth.type: Invalid discriminator value. Expected 'none' | 'token' | 'serviceAccountToken' | 'kubeconfig' | 'cookie'"
    `);
  });
});
