import type { GoogleAuth } from "google-auth-library";
import { credentialsUnavailable } from "./provider-error.ts";
import { type CredentialsAuth, credentialsAuth } from "./registry-auth.ts";

const SOURCE = "Google Application Default Credentials";
const HINT =
  "Run gcloud auth application-default login, or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file; the identity needs roles/artifactregistry.writer on the repository.";

/**
 * Artifact Registry (`<location>-docker.pkg.dev`) with an OAuth2 access token from Google's
 * Application Default Credentials (google-auth-library, loaded on first use), sent as the
 * password of the user `oauth2accesstoken`.
 */
export function gcpArtifactRegistryAuth(
  options: {
    /** @default ["https://www.googleapis.com/auth/cloud-platform"] */
    readonly scopes?: readonly string[];
    /** A service-account key file instead of ADC's search. */
    readonly keyFilename?: string;
  } = {},
): CredentialsAuth {
  let auth: Promise<GoogleAuth> | undefined;
  return credentialsAuth({
    source: SOURCE,
    hint: () => HINT,
    credentials: async (registry) => {
      try {
        auth ??= import("google-auth-library").then(
          (sdk) =>
            new sdk.GoogleAuth({
              scopes: [...(options.scopes ?? ["https://www.googleapis.com/auth/cloud-platform"])],
              ...(options.keyFilename ? { keyFilename: options.keyFilename } : {}),
            }),
        );
        const token = await (await auth).getAccessToken(); // cached and refreshed by the library
        if (!token) throw new Error("no access token");
        return { username: "oauth2accesstoken", password: token };
      } catch (error) {
        throw credentialsUnavailable(registry, SOURCE, HINT, error);
      }
    },
  });
}
