import type { ECRClient } from "@aws-sdk/client-ecr";
import { credentialsUnavailable } from "./provider-error.ts";
import { type CredentialsAuth, credentialsAuth } from "./registry-auth.ts";

const SOURCE = "the AWS SDK's credential chain";
const HINT =
  "Set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or run with a role); the identity needs ecr:GetAuthorizationToken and push rights on the repository, in the registry's region.";

const ECR_HOST = /^\d{12}\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

/**
 * Amazon ECR (`<account>.dkr.ecr.<region>.amazonaws.com`): `GetAuthorizationToken` through
 * `@aws-sdk/client-ecr` (loaded on first use) returns base64 `AWS:<password>`, valid 12 hours
 * and cached until shortly before it expires.
 */
export function ecrAuth(
  options: {
    /** @default the region in the registry host, else the SDK's chain (AWS_REGION, config files) */
    readonly region?: string;
    /** An ECR API endpoint (moto, LocalStack, a VPC endpoint). */
    readonly endpoint?: string;
  } = {},
): CredentialsAuth {
  const clients = new Map<string, Promise<{ client: ECRClient; sdk: typeof import("@aws-sdk/client-ecr") }>>();
  const cache = new Map<string, { username: string; password: string; expiresAt: number }>();
  return credentialsAuth({
    source: SOURCE,
    hint: () => HINT,
    credentials: async (registry) => {
      const region = options.region ?? ECR_HOST.exec(registry)?.[1] ?? "";
      const cached = cache.get(region);
      if (cached && cached.expiresAt > Date.now() + 5 * 60_000) return cached;
      try {
        let connect = clients.get(region);
        if (!connect) {
          connect = import("@aws-sdk/client-ecr").then((sdk) => ({
            sdk,
            client: new sdk.ECRClient({
              ...(region ? { region } : {}),
              ...(options.endpoint ? { endpoint: options.endpoint } : {}),
            }),
          }));
          clients.set(region, connect);
        }
        const { client, sdk } = await connect;
        const out = await client.send(new sdk.GetAuthorizationTokenCommand({}));
        const data = out.authorizationData?.[0];
        const decoded = Buffer.from(data?.authorizationToken ?? "", "base64").toString();
        const colon = decoded.indexOf(":");
        if (colon <= 0) throw new Error("GetAuthorizationToken returned no token");
        const credentials = {
          username: decoded.slice(0, colon),
          password: decoded.slice(colon + 1),
          expiresAt: data?.expiresAt?.getTime() ?? 0,
        };
        cache.set(region, credentials);
        return credentials;
      } catch (error) {
        throw credentialsUnavailable(registry, SOURCE, HINT, error);
      }
    },
  });
}
