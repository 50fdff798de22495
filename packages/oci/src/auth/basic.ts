import { type CredentialsAuth, credentialsAuth } from "./registry-auth.ts";

/** A fixed username and password (or a token used as a password) for every registry it is given to. */
export function basicAuth(options: { readonly username: string; readonly password: string }): CredentialsAuth {
  const credentials = { username: options.username, password: options.password };
  return credentialsAuth({
    source: `the username/password given for user '${options.username}'`,
    hint: (registry) => `Check the username and password for ${registry} (test them with: docker login ${registry}).`,
    credentials: async () => credentials,
  });
}
