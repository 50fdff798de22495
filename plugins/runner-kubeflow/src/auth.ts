import { readFile } from "node:fs/promises";
import { FerryError } from "@ferry/core";
import type { KubeConfig } from "@kubernetes/client-node";
import type { KubeflowAuth, KubeflowOptions } from "./options.ts";

/** Where a projected KFP ServiceAccount token is mounted (kfp SDK and Kubeflow PodDefaults). */
export const DEFAULT_SA_TOKEN_PATH = "/var/run/secrets/kubeflow/pipelines/token";

export const saTokenPath = (auth: { readonly path?: string | undefined }) =>
  auth.path ?? process.env.KF_PIPELINES_SA_TOKEN_PATH ?? DEFAULT_SA_TOKEN_PATH;

/** What to do when KFP refuses (or Ferry cannot find) the credentials of `options.auth`. */
export function authHint(options: Pick<KubeflowOptions, "auth" | "url" | "namespace">): string {
  const { auth } = options;
  const access = options.namespace
    ? ` The identity also needs access to the profile namespace '${options.namespace}' (a contributor of that Kubeflow profile).`
    : "";
  switch (auth.type) {
    case "none":
      return `KFP at ${options.url} wants credentials: set auth in the kubeflow target options (conf/<env>/targets.yml), e.g. auth: { type: token } with the token in KFP_TOKEN, or auth: { type: cookie } with the authservice_session cookie in KFP_COOKIE.${access}`;
    case "token":
      return `Set ${auth.env} to a valid bearer token for ${options.url} (tokens expire: get a fresh one).${access}`;
    case "serviceAccountToken":
      return `Mount a projected ServiceAccount token with audience pipelines.kubeflow.org at ${saTokenPath(auth)} (or set KF_PIPELINES_SA_TOKEN_PATH to where it is), e.g. with a Kubeflow PodDefault.${access}`;
    case "kubeconfig":
      return `Log in to the cluster again and pick the context that reaches it: kubectl config use-context ${auth.context ?? "<context>"} (or set auth.context); the kube-config user needs a token, an exec plugin or an auth provider.${access}`;
    case "cookie":
      return `Log in to the Kubeflow dashboard again, copy the value of its ${auth.name} cookie and set ${auth.env} to it (sessions expire).${access}`;
  }
}

function missing(
  options: Pick<KubeflowOptions, "auth" | "url" | "namespace">,
  phase: string,
  what: string,
): FerryError {
  return new FerryError("TARGET_AUTH_FAILED", {
    message: `No credentials for Kubeflow Pipelines at ${options.url}: ${what}.`,
    hint: authHint(options),
    details: { plugin: "kubeflow", phase },
  });
}

const kubeConfigs = new Map<string, Promise<KubeConfig>>();

async function kubeConfig(context: string | undefined): Promise<KubeConfig> {
  const key = `${process.env.KUBECONFIG ?? ""}\n${context ?? ""}`;
  let loaded = kubeConfigs.get(key);
  if (loaded === undefined) {
    loaded = import("@kubernetes/client-node").then(({ KubeConfig }) => {
      const kc = new KubeConfig();
      kc.loadFromDefault();
      if (context !== undefined) kc.setCurrentContext(context);
      return kc;
    });
    kubeConfigs.set(key, loaded);
    loaded.catch(() => kubeConfigs.delete(key));
  }
  return loaded;
}

async function kubeConfigHeader(
  options: Pick<KubeflowOptions, "auth" | "url" | "namespace">,
  context: string | undefined,
  phase: string,
): Promise<string> {
  let kc: KubeConfig;
  try {
    kc = await kubeConfig(context);
  } catch (cause) {
    const error = missing(options, phase, `the kube-config could not be read (${(cause as Error).message})`);
    throw Object.assign(error, { cause });
  }
  const name = kc.getCurrentContext();
  if (kc.getContextObject(name) === null) {
    const known = kc.getContexts().map((c) => c.name);
    throw missing(
      options,
      phase,
      `the kube-config has no context '${name}'${known.length ? ` (it has: ${known.join(", ")})` : " (it has none; set KUBECONFIG)"}`,
    );
  }
  const opts: { headers?: Record<string, string | string[] | number | undefined>; auth?: string } = {};
  try {
    await kc.applyToHTTPSOptions(opts);
  } catch (cause) {
    const error = missing(options, phase, `the credentials of context '${name}' failed: ${(cause as Error).message}`);
    throw Object.assign(error, { cause });
  }
  const header = opts.headers?.Authorization ?? opts.headers?.authorization;
  if (typeof header === "string" && header !== "") return header;
  if (opts.auth) return `Basic ${Buffer.from(opts.auth).toString("base64")}`;
  throw missing(options, phase, `the user of kube-config context '${name}' has no token, exec plugin or auth provider`);
}

/**
 * The headers that carry `options.auth` for one request. Read at each request, so a rotated
 * token file or a refreshed env var is picked up.
 * @throws FerryError TARGET_AUTH_FAILED when the credentials are missing, naming the fix.
 */
export async function authHeaders(
  options: Pick<KubeflowOptions, "auth" | "url" | "namespace">,
  phase: string,
): Promise<Record<string, string>> {
  const auth: KubeflowAuth = options.auth;
  switch (auth.type) {
    case "none":
      return {};
    case "token": {
      const token = process.env[auth.env]?.trim();
      if (!token) throw missing(options, phase, `the environment variable ${auth.env} is not set`);
      return { authorization: `Bearer ${token}` };
    }
    case "serviceAccountToken": {
      const path = saTokenPath(auth);
      const token = await readFile(path, "utf8").then(
        (t) => t.trim(),
        (e: NodeJS.ErrnoException) => {
          throw missing(
            options,
            phase,
            `the ServiceAccount token file ${path} cannot be read (${e.code ?? e.message})`,
          );
        },
      );
      if (token === "") throw missing(options, phase, `the ServiceAccount token file ${path} is empty`);
      return { authorization: `Bearer ${token}` };
    }
    case "kubeconfig":
      return { authorization: await kubeConfigHeader(options, auth.context, phase) };
    case "cookie": {
      const value = process.env[auth.env]?.trim();
      if (!value) throw missing(options, phase, `the environment variable ${auth.env} is not set`);
      // A value pasted with its name (`authservice_session=…`) works too.
      return { cookie: value.startsWith(`${auth.name}=`) ? value : `${auth.name}=${value}` };
    }
  }
}
