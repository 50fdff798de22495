import { FerryError } from "@ferry/core";
import type { protos, v1 } from "@google-cloud/aiplatform";
import type { VertexOptions } from "./options.ts";

export type PipelineJob = protos.google.cloud.aiplatform.v1.IPipelineJob;
export type Schedule = protos.google.cloud.aiplatform.v1.ISchedule;

export interface VertexClients {
  readonly pipelines: v1.PipelineServiceClient;
  readonly schedules: v1.ScheduleServiceClient;
  readonly helpers: typeof import("@google-cloud/aiplatform").helpers;
  /** `projects/<project>/locations/<region>` */
  readonly parent: string;
}

/** The token sent to an endpoint with `credentials: none` (an emulator). */
export const EMULATOR_TOKEN = "ferry-emulator";

const cache = new Map<string, Promise<VertexClients>>();

/**
 * Vertex AI clients for the options, loaded on first use. Always the REST transport: the same
 * wire path reaches Google and the emulator, so the emulator tests the path production takes.
 */
export function vertexClients(options: VertexOptions, phase: string): Promise<VertexClients> {
  const key = JSON.stringify([options.region, options.api]);
  let clients = cache.get(key);
  if (clients === undefined) {
    clients = connect(options);
    cache.set(key, clients);
    clients.catch(() => cache.delete(key));
  }
  return clients.catch((error: unknown) => {
    throw vertexError(error, phase);
  });
}

async function connect(options: VertexOptions): Promise<VertexClients> {
  const sdk = await import("@google-cloud/aiplatform");
  const settings: { [key: string]: string | number | boolean | object } = { fallback: true };
  if (options.api === undefined) {
    settings.apiEndpoint = `${options.region}-aiplatform.googleapis.com`;
  } else {
    const url = new URL(options.api.url);
    const https = url.protocol === "https:";
    settings.apiEndpoint = url.hostname;
    settings.port = Number(url.port || (https ? 443 : 80));
    settings.protocol = https ? "https" : "http";
    if (options.api.credentials === "none") {
      const { OAuth2Client } = await import("google-auth-library");
      const auth = new OAuth2Client();
      auth.setCredentials({ access_token: EMULATOR_TOKEN, expiry_date: Date.now() + 365 * 86_400_000 });
      settings.authClient = auth;
    }
  }
  if (settings.authClient === undefined) {
    // Find the Application Default Credentials once, up front: a missing login is then one
    // clear error, not one per client (gax would look them up in each, in the background).
    const { GoogleAuth } = await import("google-auth-library");
    const auth = new GoogleAuth({ scopes: ["https://www.googleapis.com/auth/cloud-platform"] });
    settings.authClient = await auth.getClient();
  }
  return {
    pipelines: new sdk.v1.PipelineServiceClient(settings),
    schedules: new sdk.v1.ScheduleServiceClient(settings),
    helpers: sdk.helpers,
    parent: `projects/${options.project}/locations/${options.region}`,
  };
}

const GRPC = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  FAILED_PRECONDITION: 9,
  UNAUTHENTICATED: 16,
};

export const isAlreadyExists = (e: unknown) => codeOf(e) === GRPC.ALREADY_EXISTS;
export const isNotFound = (e: unknown) => codeOf(e) === GRPC.NOT_FOUND;

function codeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "number" ? code : undefined;
}

const AUTH_HINT =
  "Run `gcloud auth application-default login` (or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file); the identity needs roles/aiplatform.user on the project and roles/iam.serviceAccountUser on the pipeline's service account.";

/**
 * A Vertex AI error as Ferry reports it: refused or missing credentials and invalid requests
 * get their own codes with the platform's message; throttling and outages are left as they
 * are, for core's retry.
 */
export function vertexError(error: unknown, phase: string): unknown {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const details = { plugin: "vertexai", phase };
  if (
    code === GRPC.UNAUTHENTICATED ||
    code === GRPC.PERMISSION_DENIED ||
    /default credentials|invalid_grant|refresh (the )?access token|No access, refresh token/i.test(message)
  ) {
    return new FerryError("TARGET_AUTH_FAILED", {
      message: `Vertex AI refused or found no credentials in ${phase}: ${message}`,
      hint: AUTH_HINT,
      cause: error,
      details,
    });
  }
  if (code === GRPC.INVALID_ARGUMENT || code === GRPC.FAILED_PRECONDITION) {
    return new FerryError("TARGET_REQUEST_INVALID", {
      message: `Vertex AI refused the ${phase} request: ${message}`,
      cause: error,
      details,
    });
  }
  return error;
}
