import { type CredentialsAuth, credentialsAuth } from "./registry-auth.ts";

const HINT =
  "Get a fresh registry token (they last an hour): snow spcs image-registry token --format=JSON, and make sure the role has READ and WRITE on the image repository.";

/**
 * The Snowflake image registry (`<org>-<account>.registry.snowflakecomputing.com`): a
 * Snowflake session token as the password of the user `0sessiontoken`, as
 * `snow spcs image-registry token | docker login <host> -u 0sessiontoken --password-stdin`
 * does (docs.snowflake.com, Snowflake CLI "Working with image registries and repositories").
 * Pass the token, or a function that fetches a fresh one (called before each authorization).
 */
export function snowflakeRegistryAuth(options: { readonly token: string | (() => Promise<string>) }): CredentialsAuth {
  return credentialsAuth({
    source: "the Snowflake session token given",
    hint: () => HINT,
    credentials: async () => ({
      username: "0sessiontoken",
      password: typeof options.token === "string" ? options.token : await options.token(),
    }),
  });
}

/** The registry host of a Snowflake account: lowercase, `_` replaced by `-`. */
export function snowflakeRegistryHost(organization: string, account: string): string {
  return `${organization}-${account}.registry.snowflakecomputing.com`.toLowerCase().replaceAll("_", "-");
}
