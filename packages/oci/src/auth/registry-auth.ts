import { FerryError } from "@ferry/core";
import { authFailed, credentialsNeeded, networkCode, unreachable } from "../errors.ts";
import { isLoopback } from "../reference.ts";
import type { Challenge } from "./challenge.ts";

/** What a registry asked for, and for which access. */
export interface AuthRequest {
  /** The registry host (`127.0.0.1:5000`, `123456789012.dkr.ecr.us-east-1.amazonaws.com`). */
  readonly registry: string;
  readonly challenge: Challenge;
  /** Access wanted, as token scopes: `repository:<name>:pull,push`. */
  readonly scopes: readonly string[];
}

/**
 * How requests to a registry get their `Authorization` header. The client sends a request
 * without one (or with the header cached for the same scopes); on a 401 it calls
 * `authorize` with the challenge and retries once.
 */
export interface RegistryAuth {
  /** Where the credentials for `registry` come from, as users know it ("~/.docker/config.json", "Google ADC"). Never a secret. */
  source(registry: string): string;
  /** What to do when `registry` refuses these credentials (the login command, the env vars). */
  hint(registry: string): string;
  /**
   * The `Authorization` header value answering `request.challenge`.
   * @throws FerryError REGISTRY_AUTH_FAILED when credentials are missing or refused, REGISTRY_UNREACHABLE when a token server is down.
   */
  authorize(request: AuthRequest): Promise<string>;
}

/** A username and password (or token used as one) for a registry, or an OAuth2 refresh token. */
export type Credentials = { readonly username: string; readonly password: string } | { readonly identityToken: string };

/** A {@link RegistryAuth} built on credentials, which it can also hand out (for tests and other tools). */
export interface CredentialsAuth extends RegistryAuth {
  /** The credentials for `registry`, or undefined when this source has none for it. */
  credentials(registry: string): Promise<Credentials | undefined>;
  /** True for {@link anonymousAuth}: a refusal means credentials are needed, not more permissions. */
  readonly anonymous?: boolean;
}

/**
 * The standard flow around a source of credentials: Basic challenges get the credentials
 * directly; Bearer challenges get a token from the realm (GET with `service` and `scope`,
 * Basic credentials if any; POST `grant_type=refresh_token` for an identity token).
 */
export function credentialsAuth(options: {
  source: string | ((registry: string) => string);
  hint: (registry: string) => string;
  credentials: (registry: string) => Promise<Credentials | undefined>;
  /** This source never has credentials (anonymous access). */
  anonymous?: boolean;
}): CredentialsAuth {
  const { hint } = options;
  const sourceOf = (registry: string) =>
    typeof options.source === "string" ? options.source : options.source(registry);
  return {
    source: sourceOf,
    hint,
    credentials: options.credentials,
    ...(options.anonymous ? { anonymous: true } : {}),
    async authorize({ registry, challenge, scopes }) {
      const source = sourceOf(registry);
      const credentials = await options.credentials(registry);
      if (challenge.scheme === "basic") {
        if (!credentials || !("username" in credentials)) {
          if (options.anonymous) throw credentialsNeeded(registry, hint(registry), "a username and password");
          throw new FerryError("REGISTRY_AUTH_FAILED", {
            message: `The image registry ${registry} needs a username and password, and ${source} has none for it.`,
            hint: hint(registry),
            details: { registry, source },
          });
        }
        return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
      }
      if (challenge.scheme === "bearer")
        return `Bearer ${await fetchToken(registry, challenge, scopes, credentials, source, hint)}`;
      throw authFailed(
        registry,
        source,
        hint(registry),
        `it asks for ${challenge.scheme} authentication, which Ferry does not speak`,
      );
    },
  };
}

/** Get a Bearer token from the challenge's realm (the registry token protocol, docs.docker.com/registry/spec/auth/token). */
async function fetchToken(
  registry: string,
  challenge: Challenge,
  scopes: readonly string[],
  credentials: Credentials | undefined,
  source: string,
  hint: (registry: string) => string,
): Promise<string> {
  const realm = URL.parse(challenge.params.realm ?? "");
  if (!realm) throw authFailed(registry, source, hint(registry), "its Bearer challenge names no realm URL");
  if (credentials && realm.protocol !== "https:" && !isLoopback(realm.host)) {
    throw authFailed(
      registry,
      source,
      hint(registry),
      `its token server ${realm.origin} is not HTTPS, so Ferry sends it nothing`,
    );
  }
  const service = challenge.params.service;
  const wanted = mergeScopes([...(challenge.params.scope?.split(" ") ?? []), ...scopes]);
  let response: Response;
  try {
    if (credentials && "identityToken" in credentials) {
      const form = new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: credentials.identityToken,
        client_id: "ferry",
      });
      if (service) form.set("service", service);
      if (wanted.length) form.set("scope", wanted.join(" "));
      response = await fetch(realm, { method: "POST", body: form });
    } else {
      const url = new URL(realm);
      if (service) url.searchParams.set("service", service);
      for (const scope of wanted) url.searchParams.append("scope", scope);
      const headers: Record<string, string> = {};
      if (credentials) {
        headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
      }
      response = await fetch(url, { headers });
    }
  } catch (error) {
    if (networkCode(error)) throw unreachable(realm.origin, error);
    throw error;
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    throw authFailed(
      registry,
      source,
      hint(registry),
      credentials ? "its token server rejected them" : "its token server wants credentials",
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new FerryError("REGISTRY_ERROR", {
      message: `The token server of ${registry} (${realm.origin}) answered ${response.status}.`,
      hint: "Retry later; if it persists, check the registry's status page.",
    });
  }
  const body = (await response.json().catch(() => ({}))) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (!token) throw authFailed(registry, source, hint(registry), "its token server returned no token");
  return token;
}

/** No credentials: anonymous Bearer tokens (public images on Docker Hub, ghcr.io, …). */
export function anonymousAuth(): CredentialsAuth {
  return credentialsAuth({
    source: "anonymous access (no auth option)",
    anonymous: true,
    hint: (registry) =>
      `This registry needs credentials: pass auth (basicAuth, dockerConfigAuth, or the provider for ${registry}'s cloud: gcpArtifactRegistryAuth, ecrAuth, acrAuth, snowflakeRegistryAuth).`,
    credentials: async () => undefined,
  });
}

/** Pick the auth by registry host; registries not listed use `fallback` (anonymous by default). */
export function authByRegistry(
  byRegistry: Readonly<Record<string, RegistryAuth>>,
  fallback: RegistryAuth = anonymousAuth(),
): RegistryAuth {
  return authBy((registry) => byRegistry[registry] ?? fallback);
}

/** One auth per registry host, chosen by `pick` (e.g. by a host pattern: `*.pkg.dev` → Google). */
export function authBy(pick: (registry: string) => RegistryAuth): RegistryAuth {
  return {
    source: (registry) => pick(registry).source(registry),
    hint: (registry) => pick(registry).hint(registry),
    authorize: (request) => pick(request.registry).authorize(request),
  };
}

/** One scope per resource with the union of actions: `repository:a:pull` + `repository:a:pull,push` → `repository:a:pull,push`. */
export function mergeScopes(scopes: readonly string[]): string[] {
  const byResource = new Map<string, Set<string>>();
  for (const scope of scopes) {
    const colon = scope.lastIndexOf(":");
    if (colon <= 0) continue;
    const actions = byResource.get(scope.slice(0, colon)) ?? new Set<string>();
    for (const action of scope.slice(colon + 1).split(",")) if (action) actions.add(action);
    byResource.set(scope.slice(0, colon), actions);
  }
  return [...byResource].map(([resource, actions]) => `${resource}:${[...actions].join(",")}`);
}
