// The token server of the registry's Bearer flow (distribution's `auth.token`), as a test peer:
// it checks Basic credentials and issues RS256 JWTs with an `access` claim, signed by a key
// whose self-signed certificate (made with openssl) is the registry's `rootcertbundle`.
import { execFileSync } from "node:child_process";
import { randomUUID, sign, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { freePort } from "@ferry/repo-scripts/peers";

export interface TokenServer {
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  readonly certPath: string;
  /** Tokens issued so far, by scope list ("" when no scope was asked). */
  readonly issued: string[];
  stop(): void;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

export async function startTokenServer(options: {
  dir: string;
  users: Readonly<Record<string, string>>;
  pullOnly: readonly string[];
}): Promise<TokenServer> {
  const keyPath = join(options.dir, "token.key");
  const certPath = join(options.dir, "token.crt");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=ferry-test-token",
      "-keyout",
      keyPath,
      "-out",
      certPath,
    ],
    { stdio: "ignore" },
  );
  const key = readFileSync(keyPath);
  const certDer = new X509Certificate(readFileSync(certPath)).raw;
  const service = "ferry-test-registry";
  const issuer = "ferry-test-token-server";
  const issued: string[] = [];

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    let subject = "";
    if (basic) {
      const decoded = Buffer.from(basic, "base64").toString();
      const user = decoded.slice(0, decoded.indexOf(":"));
      if (options.users[user] !== decoded.slice(decoded.indexOf(":") + 1)) {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(JSON.stringify({ details: "invalid username or password" }));
        return;
      }
      subject = user;
    }
    const scopes = url.searchParams
      .getAll("scope")
      .flatMap((s) => s.split(" "))
      .filter(Boolean);
    const access = subject
      ? scopes.map((scope) => {
          const parts = scope.split(":");
          const actions = (parts.at(-1) ?? "").split(",");
          return {
            type: parts[0],
            name: parts.slice(1, -1).join(":"),
            actions: options.pullOnly.includes(subject) ? actions.filter((a) => a === "pull") : actions,
          };
        })
      : [];
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: "JWT", alg: "RS256", x5c: [certDer.toString("base64")] };
    const claims = {
      iss: issuer,
      sub: subject,
      aud: service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access,
    };
    const unsigned = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const token = `${unsigned}.${b64url(sign("sha256", Buffer.from(unsigned), key))}`;
    issued.push(scopes.join(" "));
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ token, expires_in: 300, issued_at: new Date(now * 1000).toISOString() }));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certPath,
    issued,
    stop: () => server.close(),
  };
}
