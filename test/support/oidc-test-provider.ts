import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { sign } from "hono/jwt";
import type { HonoJsonWebKey } from "hono/utils/jwt/jws";
import { escapeHtml } from "../../lambdas/api/pages/escape-html.ts";

/** How {@link oidcTestProvider} is registered for its one client. */
export interface OidcTestProviderOptions {
  /** The client id Baton signs in with. @default "baton-pages" */
  clientId?: string;
  /** The client's secret, required by HTTP Basic at the token endpoint. @default none (public client) */
  clientSecret?: string;
  /** The only redirect URI the client may name (settable later, as {@link OidcTestProvider.redirectUri}). @default none yet */
  redirectUri?: string;
  /** The tenant claim (`tenant`) of every ID token. @default "acme" */
  tenant?: string;
}

/** What the token endpoint was sent, for tests that check the exchange. */
export interface TokenRequest {
  form: URLSearchParams;
  authorization: string | undefined;
}

/** An OpenID provider on 127.0.0.1 for tests: real HTTP, real keys, one client. */
export interface OidcTestProvider {
  /** The issuer URL, e.g. `http://127.0.0.1:40123`. */
  issuer: string;
  clientId: string;
  /** The only redirect URI the client may name; set it once the client's address is known. */
  redirectUri: string | undefined;
  /** The RSA private key ID tokens are signed with, for tokens a test makes itself. */
  privateJwk: HonoJsonWebKey;
  /** Every request made to the token endpoint, in order. */
  tokenRequests: TokenRequest[];
  /** How many times the discovery document was read. */
  discoveryReads: number;
  /** Claims the next ID tokens carry over the right ones (`aud`, `nonce`, `iss`, …), until unset. */
  claimsOverride: Record<string, unknown> | undefined;
  /** Signs a token with the provider's key (as the API's bearer tokens would be). */
  token(claims: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/** What an authorization request asked for, kept under its code until the code is used. */
interface Grant {
  user: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string | undefined;
}

const html = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test provider</title></head><body><main>${body}</main></body></html>`;

/**
 * Serves a small OpenID Connect provider on a free loopback port, as the pages' sign-in tests
 * need one: discovery (`/.well-known/openid-configuration`), a JWKS (`/jwks`, one RSA key
 * generated as the JWT tests do), an authorization endpoint whose page asks who signs in
 * (`GET /authorize`, its form posted back to `POST /authorize`, which redirects to the client
 * with a code and the state), and a token endpoint that checks the client (HTTP Basic with
 * the secret, or the client id of a public client), the redirect URI and the PKCE S256
 * verifier, uses each code once and answers an RS256 ID token (`iss`, `sub` = the user, `aud`
 * = the client id, `nonce`, `tenant`, `iat`, `exp` in 5 minutes) with {@link
 * OidcTestProvider.claimsOverride} over it.
 *
 * @example
 * const provider = await oidcTestProvider({ redirectUri: "https://baton.test/ui/signed-in" });
 * const client = oidcClient({ issuer: provider.issuer, clientId: provider.clientId });
 * await provider.close();
 */
export async function oidcTestProvider(
  options: OidcTestProviderOptions = {},
): Promise<OidcTestProvider> {
  const clientId = options.clientId ?? "baton-pages";
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = "test-key";
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
  const privateJwk = {
    ...privateKey.export({ format: "jwk" }),
    kid,
    alg: "RS256",
  } as HonoJsonWebKey;
  const grants = new Map<string, Grant>();
  const app = new Hono();
  let issuer = "";

  const provider: OidcTestProvider = {
    issuer: "",
    clientId,
    redirectUri: options.redirectUri,
    privateJwk,
    tokenRequests: [],
    discoveryReads: 0,
    claimsOverride: undefined,
    token: (claims) => sign(claims, privateJwk, "RS256"),
    close: async () => {},
  };

  app.get("/.well-known/openid-configuration", (c) => {
    provider.discoveryReads += 1;
    return c.json({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ["code"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      code_challenge_methods_supported: ["S256"],
    });
  });

  app.get("/jwks", (c) => c.json({ keys: [jwk] }));

  app.get("/authorize", (c) => {
    const query = c.req.query();
    const problems = [
      query.response_type === "code" ? "" : "response_type",
      query.client_id === clientId ? "" : "client_id",
      query.redirect_uri === provider.redirectUri ? "" : "redirect_uri",
      query.code_challenge_method === "S256" && query.code_challenge ? "" : "code_challenge",
      (query.scope ?? "").split(" ").includes("openid") ? "" : "scope",
    ].filter(Boolean);
    if (problems.length > 0) return c.html(html(`<p>bad request: ${problems.join(", ")}</p>`), 400);
    const hidden = Object.entries(query)
      .map(
        ([name, value]) =>
          `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
      )
      .join("");
    return c.html(
      html(`<h1>Test provider</h1><form method="post" action="/authorize">${hidden}
<label for="user">User</label> <input id="user" name="user" required>
<button type="submit">Sign in</button></form>`),
    );
  });

  app.post("/authorize", async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const redirectUri = form.get("redirect_uri") ?? "";
    if (redirectUri !== provider.redirectUri) return c.text("bad redirect_uri", 400);
    const code = randomBytes(24).toString("base64url");
    grants.set(code, {
      user: form.get("user") ?? "",
      redirectUri,
      codeChallenge: form.get("code_challenge") ?? "",
      nonce: form.get("nonce") ?? undefined,
    });
    const back = new URL(redirectUri);
    back.searchParams.set("code", code);
    back.searchParams.set("state", form.get("state") ?? "");
    return c.redirect(back.href, 302);
  });

  app.post("/token", async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const authorization = c.req.header("authorization");
    provider.tokenRequests.push({ form, authorization });
    const refuse = (error: string) => c.json({ error }, 400);
    const basic = `Basic ${Buffer.from(`${clientId}:${options.clientSecret}`).toString("base64")}`;
    const clientHolds =
      options.clientSecret === undefined
        ? form.get("client_id") === clientId
        : authorization === basic;
    if (!clientHolds) return c.json({ error: "invalid_client" }, 401);
    if (form.get("grant_type") !== "authorization_code") return refuse("unsupported_grant_type");
    const code = form.get("code") ?? "";
    const grant = grants.get(code);
    grants.delete(code);
    if (!grant || grant.redirectUri !== form.get("redirect_uri")) return refuse("invalid_grant");
    const challenge = createHash("sha256")
      .update(form.get("code_verifier") ?? "")
      .digest("base64url");
    if (challenge !== grant.codeChallenge) return refuse("invalid_grant");
    const now = Math.floor(Date.now() / 1000);
    const idToken = await provider.token({
      iss: issuer,
      sub: grant.user,
      aud: clientId,
      tenant: options.tenant ?? "acme",
      iat: now,
      exp: now + 300,
      ...(grant.nonce === undefined ? {} : { nonce: grant.nonce }),
      ...provider.claimsOverride,
    });
    return c.json({
      access_token: randomBytes(16).toString("base64url"),
      token_type: "Bearer",
      expires_in: 300,
      id_token: idToken,
    });
  });

  const { promise, resolve } = Promise.withResolvers<string>();
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) =>
    resolve(`http://127.0.0.1:${info.port}`),
  );
  issuer = await promise;
  provider.issuer = issuer;
  provider.close = () => new Promise((done) => server.close(() => done()));
  return provider;
}
