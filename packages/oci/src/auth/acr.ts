import { registryBaseUrl } from "../reference.ts";
import { credentialsUnavailable } from "./provider-error.ts";
import { type CredentialsAuth, credentialsAuth } from "./registry-auth.ts";

/** What `@azure/identity` credentials offer (`TokenCredential`), so callers can pass their own. */
export interface AzureTokenCredential {
  getToken(scopes: string | string[]): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

const SOURCE = "Azure's DefaultAzureCredential";
const HINT =
  "Run az login, or set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET (or use a managed identity); the identity needs the AcrPush role on the registry.";

/** ACR recognizes its refresh tokens by this null GUID username (github.com/Azure/acr docs/AAD-OAuth.md). */
export const ACR_REFRESH_TOKEN_USERNAME = "00000000-0000-0000-0000-000000000000";

/**
 * Azure Container Registry (`<name>.azurecr.io`): an AAD access token from
 * `DefaultAzureCredential` (`@azure/identity`, loaded on first use) is exchanged with
 * `POST https://<registry>/oauth2/exchange` (`grant_type=access_token`) for an ACR refresh
 * token, which is the password of the user `00000000-0000-0000-0000-000000000000`.
 */
export function acrAuth(
  options: {
    /** @default new DefaultAzureCredential() */
    readonly credential?: AzureTokenCredential;
    /** @default the `tid` claim of the AAD token */
    readonly tenantId?: string;
    /** @default "https://management.azure.com/.default" (what the Azure CLI uses for ACR) */
    readonly scope?: string;
  } = {},
): CredentialsAuth {
  let credential: Promise<AzureTokenCredential> | undefined;
  const cache = new Map<string, { password: string; expiresAt: number }>();
  return credentialsAuth({
    source: SOURCE,
    hint: () => HINT,
    credentials: async (registry) => {
      const cached = cache.get(registry);
      if (cached && cached.expiresAt > Date.now() + 5 * 60_000) {
        return { username: ACR_REFRESH_TOKEN_USERNAME, password: cached.password };
      }
      try {
        credential ??= options.credential
          ? Promise.resolve(options.credential)
          : import("@azure/identity").then((sdk) => new sdk.DefaultAzureCredential());
        const aad = await (await credential).getToken(options.scope ?? "https://management.azure.com/.default");
        if (!aad) throw new Error("no AAD access token");
        const tenant = options.tenantId ?? claim(aad.token, "tid");
        const form = new URLSearchParams({ grant_type: "access_token", service: registry, access_token: aad.token });
        if (tenant) form.set("tenant", tenant);
        const response = await fetch(`${registryBaseUrl(registry)}/oauth2/exchange`, { method: "POST", body: form });
        if (!response.ok) {
          await response.body?.cancel();
          throw new Error(`${registry}/oauth2/exchange answered ${response.status}`);
        }
        const { refresh_token: refreshToken } = (await response.json()) as { refresh_token?: string };
        if (!refreshToken) throw new Error(`${registry}/oauth2/exchange returned no refresh_token`);
        const expiresAt = Number(claim(refreshToken, "exp") ?? 0) * 1000 || aad.expiresOnTimestamp;
        cache.set(registry, { password: refreshToken, expiresAt });
        return { username: ACR_REFRESH_TOKEN_USERNAME, password: refreshToken };
      } catch (error) {
        throw credentialsUnavailable(registry, SOURCE, HINT, error);
      }
    },
  });
}

/** A claim of a JWT's payload (not verified: only read for the tenant and expiry). */
function claim(jwt: string, name: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;
    const value = payload[name];
    return value === undefined ? undefined : String(value);
  } catch {
    return undefined;
  }
}
