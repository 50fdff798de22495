import { FerryError } from "@ferry/core";
import { parseChallenge } from "./auth/challenge.ts";
import { anonymousAuth, type RegistryAuth } from "./auth/registry-auth.ts";
import { sha256 } from "./digest.ts";
import {
  authFailed,
  credentialsNeeded,
  denied,
  digestMismatch,
  networkCode,
  registryError,
  unreachable,
} from "./errors.ts";
import { MANIFEST_ACCEPT } from "./media-types.ts";
import { registryBaseUrl } from "./reference.ts";

/** How to reach registries: shared by build, push and pull. */
export interface RegistryOptions {
  /** Credentials for the registries involved. @default anonymous (Bearer tokens without credentials) */
  readonly auth?: RegistryAuth | undefined;
  /** Speak plain HTTP. @default true for loopback registries (localhost, 127.0.0.1), false otherwise */
  readonly plainHttp?: boolean | undefined;
  /** Retries of a request answered 429 or 5xx, or whose connection dropped, with exponential backoff. @default 4 */
  readonly retries?: number | undefined;
}

export interface SendOptions {
  readonly method: string;
  /** A path (`/v2/…`) or an absolute URL (a `Location` the registry returned). */
  readonly url: string | URL;
  /** Token scopes the request needs (`repository:<name>:pull,push`). */
  readonly scopes: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
  /** Called for each attempt, so a retried request sends its body again. */
  readonly body?: (() => Blob | Uint8Array) | undefined;
  /** Statuses that are success for this request. */
  readonly ok: readonly number[];
  /** The error for a 404 (a missing base image is not a missing repository). */
  readonly notFound?: ((registryCode: string | undefined) => FerryError) | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const NO_RETRY = new Set(["ENOTFOUND", "ERR_INVALID_URL", "CERT_HAS_EXPIRED", "DEPTH_ZERO_SELF_SIGNED_CERT"]);

/**
 * The OCI distribution API of one registry over fetch: the auth challenge flow (one retry
 * after authorizing, headers cached per scope set), retries with backoff for 429/5xx and
 * dropped connections, and registry errors mapped to FerryErrors users can act on.
 */
export class RegistryClient {
  readonly registry: string;
  readonly baseUrl: string;
  readonly #auth: RegistryAuth;
  readonly #retries: number;
  readonly #headers = new Map<string, string>();
  readonly #pending = new Map<string, Promise<string>>();
  #basic: string | undefined;

  constructor(registry: string, options: RegistryOptions = {}) {
    this.registry = registry;
    this.baseUrl = registryBaseUrl(registry, options.plainHttp);
    this.#auth = options.auth ?? anonymousAuth();
    this.#retries = options.retries ?? 4;
  }

  async send(options: SendOptions): Promise<Response> {
    const url = new URL(options.url, this.baseUrl);
    const own = url.origin === new URL(this.baseUrl).origin; // never send registry credentials elsewhere
    const key = [...options.scopes].sort().join(" ");
    let authorized = false;
    for (let attempt = 0; ; attempt++) {
      const authorization = own ? (this.#headers.get(key) ?? this.#basic) : undefined;
      let response: Response;
      try {
        response = await fetch(url, {
          method: options.method,
          headers: { ...options.headers, ...(authorization ? { authorization } : {}) },
          body: options.body?.() ?? null,
        });
      } catch (error) {
        const code = networkCode(error);
        const retries = code === "ECONNREFUSED" ? Math.min(2, this.#retries) : this.#retries;
        if (code && !NO_RETRY.has(code) && attempt < retries) {
          await sleep(backoff(attempt));
          continue;
        }
        if (code) throw unreachable(this.baseUrl, error);
        throw error;
      }
      if (response.status === 401 && own) {
        const challenge = parseChallenge(response.headers.get("www-authenticate"));
        await response.body?.cancel();
        const source = this.#auth.source(this.registry);
        if (authorized || !challenge) {
          if ((this.#auth as { anonymous?: boolean }).anonymous === true) {
            throw credentialsNeeded(this.registry, this.#auth.hint(this.registry));
          }
          if (challenge?.params.error === "insufficient_scope") throw denied(this.registry, options.scopes, source);
          throw authFailed(this.registry, source, this.#auth.hint(this.registry));
        }
        // Parallel requests share one authorization: reuse a header another request just got,
        // or wait for the one in flight.
        const current = this.#headers.get(key) ?? this.#basic;
        if (current === undefined || current === authorization) {
          let pending = this.#pending.get(key);
          if (!pending) {
            pending = this.#auth
              .authorize({ registry: this.registry, challenge, scopes: options.scopes })
              .finally(() => this.#pending.delete(key));
            this.#pending.set(key, pending);
          }
          const value = await pending;
          if (challenge.scheme === "basic") this.#basic = value;
          else this.#headers.set(key, value);
        }
        authorized = true;
        attempt--;
        continue;
      }
      if ((response.status === 429 || response.status >= 500) && attempt < this.#retries) {
        await response.body?.cancel();
        await sleep(retryAfter(response) ?? backoff(attempt));
        continue;
      }
      if (options.ok.includes(response.status)) return response;
      throw await this.#fail(options, url, response);
    }
  }

  async #fail(options: SendOptions, url: URL, response: Response): Promise<FerryError> {
    const text = options.method === "HEAD" ? "" : await response.text().catch(() => "");
    let code: string | undefined;
    let message = "";
    try {
      const first = (JSON.parse(text) as { errors?: { code?: string; message?: string }[] }).errors?.[0];
      code = first?.code;
      message = first?.message ?? "";
    } catch {
      message = text.slice(0, 200);
    }
    if (response.status === 403 || code === "DENIED") {
      return denied(this.registry, options.scopes, this.#auth.source(this.registry));
    }
    if (response.status === 404 && options.notFound) return options.notFound(code);
    if (code === "NAME_INVALID") {
      return new FerryError("REGISTRY_NAME_INVALID", {
        message: `The image registry ${this.registry} rejected the repository name: ${message || code}.`,
        hint: "Repository names are lowercase path components of letters and digits separated by '.', '_', '__' or '-'.",
      });
    }
    if (code === "DIGEST_INVALID") {
      return digestMismatch(`The blob uploaded to ${this.registry}`, url.searchParams.get("digest") ?? "?", message);
    }
    return registryError(options.method, url.href, response.status, [code, message].filter(Boolean).join(": "));
  }

  /** A manifest by tag or digest, verified against the digest when asked by digest. */
  async getManifest(
    repository: string,
    reference: string,
    notFound: () => FerryError,
  ): Promise<{ bytes: Uint8Array; mediaType: string; digest: string }> {
    const response = await this.send({
      method: "GET",
      url: `/v2/${repository}/manifests/${reference}`,
      scopes: [`repository:${repository}:pull`],
      headers: { accept: MANIFEST_ACCEPT },
      ok: [200],
      notFound,
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const digest = sha256(bytes);
    if (reference.startsWith("sha256:") && digest !== reference) {
      throw digestMismatch(`The manifest ${this.registry}/${repository}@${reference}`, reference, digest);
    }
    const mediaType = response.headers.get("content-type")?.split(";")[0]?.trim() ?? "";
    return { bytes, mediaType, digest };
  }

  /** Whether the repository has the blob (HEAD). */
  async hasBlob(repository: string, digest: string, scopes: readonly string[]): Promise<boolean> {
    const response = await this.send({
      method: "HEAD",
      url: `/v2/${repository}/blobs/${digest}`,
      scopes,
      ok: [200, 404],
    });
    await response.body?.cancel();
    return response.status === 200;
  }

  /** A blob's bytes as a stream (the registry may redirect to storage). */
  async getBlob(repository: string, digest: string, notFound: () => FerryError): Promise<ReadableStream<Uint8Array>> {
    const response = await this.send({
      method: "GET",
      url: `/v2/${repository}/blobs/${digest}`,
      scopes: [`repository:${repository}:pull`],
      ok: [200],
      notFound,
    });
    if (!response.body) throw registryError("GET", response.url, response.status, "empty body");
    return response.body;
  }
}

/** 200 ms, 400 ms, 800 ms, … capped at 10 s, with jitter so parallel uploads do not retry in lockstep. */
function backoff(attempt: number): number {
  return Math.min(10_000, 200 * 2 ** attempt) * (0.75 + Math.random() / 2);
}

function retryAfter(response: Response): number | undefined {
  const value = response.headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, 30_000) : undefined;
}
