import type { JWTPayload } from "hono/utils/jwt/types";
import { isCheckedId } from "../../core/operations/checked-id.ts";
import type { Identity } from "../identity.ts";
import { jwtVerifier } from "../jwt-identity.ts";
import { cachedDiscovery, type OidcEndpoints } from "./oidc-discovery.ts";
import { IdentityProviderError, SignInRefusedError } from "./sign-in-errors.ts";

/** The scopes asked for when none are configured. */
export const DEFAULT_OIDC_SCOPES = ["openid", "profile", "email"] as const;

/** Which Baton client of which OpenID provider signs people in to the pages. */
export interface OidcClientOptions {
  /** The provider's issuer URL, exactly as its ID tokens' `iss`; discovery is read under it. */
  issuer: string;
  /** The client id registered at the provider; ID tokens must name it in `aud`. */
  clientId: string;
  /** The client secret, sent to the token endpoint by HTTP Basic. @default none: a public client */
  clientSecret?: string;
  /** The scopes asked for (`openid` is always among them). @default ["openid", "profile", "email"] */
  scopes?: readonly string[];
  /** The ID token claim naming the user's tenant. @default "tenant" */
  tenantClaim?: string;
  /** The ID token claim naming the user. @default "sub" */
  userClaim?: string;
  /** How discovery, the token endpoint and the keys are fetched. @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** What one sign-in started with, which its return must match. */
export interface SignInRequest {
  /** `<PUBLIC_URL>/ui/signed-in`. */
  redirectUri: string;
  state: string;
  nonce: string;
  /** The PKCE S256 challenge of the sign-in's verifier. */
  codeChallenge: string;
}

/** What the provider's redirect back is exchanged with. */
export interface CodeGrant {
  code: string;
  codeVerifier: string;
  redirectUri: string;
  nonce: string;
}

/** A client of one OpenID provider: the code flow with PKCE, as the pages sign people in. */
export interface OidcClient {
  /** Where to send the browser to sign in. */
  authorizationUrl(request: SignInRequest): Promise<string>;
  /** Exchanges the code at the token endpoint and answers who the verified ID token names. */
  identityFromCode(grant: CodeGrant): Promise<Identity>;
}

/** Why hono refused an ID token, in words that hold no token. */
const JWT_REFUSALS: Record<string, string> = {
  JwtTokenIssuer: "its issuer is not OIDC_ISSUER",
  JwtTokenAudience: "its audience is not this client",
  JwtPayloadRequiresAud: "it names no audience",
  JwtTokenExpired: "it has expired",
  JwtTokenNotBefore: "it is not valid yet",
  JwtTokenIssuedAt: "it is issued in the future",
  JwtTokenSignatureMismatched: "its signature does not hold",
  JwtTokenInvalid: "it is malformed or signed by an unknown key",
  JwtHeaderInvalid: "its header is malformed",
  JwtHeaderRequiresKid: "its header names no key",
  JwtSymmetricAlgorithmNotAllowed: "it is signed with a shared secret",
  JwtAlgorithmNotAllowed: "its algorithm is not allowed",
  JwtAlgorithmMismatch: "its algorithm is not its key's",
};

/** The token endpoint's answer: the ID token, or a refusal naming the provider's error code. */
async function idTokenFrom(response: Response): Promise<string> {
  const body: unknown = await response.json().catch(() => undefined);
  const fields = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  if (response.status >= 400 && response.status < 500) {
    const code = typeof fields.error === "string" ? ` (${fields.error.slice(0, 64)})` : "";
    throw new SignInRefusedError(`the identity provider refused the sign-in's code${code}`);
  }
  if (!response.ok) {
    throw new IdentityProviderError(`the token endpoint answered ${response.status}`);
  }
  if (typeof fields.id_token !== "string") {
    throw new IdentityProviderError("the token endpoint's answer holds no id_token");
  }
  return fields.id_token;
}

/**
 * A client of one OpenID Connect provider for the pages' sign-in: the authorization code flow
 * with PKCE (S256). Its endpoints come from the issuer's discovery document (cached an hour);
 * the code is exchanged with the client id (and secret, by HTTP Basic, when configured); the ID
 * token is checked by {@link jwtVerifier} against the provider's JWKS (the API's code, cached
 * the same way) — signature, issuer, audience = the client id, times — and must carry the
 * sign-in's nonce, an `exp`, an `azp` of this client when it names several audiences, and a
 * tenant and user that can go into a key. Refresh and access tokens are not kept.
 *
 * @example
 * const client = oidcClient({ issuer: "https://id.example.com", clientId: "baton" });
 * response.redirect(await client.authorizationUrl({ redirectUri, state, nonce, codeChallenge }));
 */
export function oidcClient(options: OidcClientOptions): OidcClient {
  const discovery = cachedDiscovery(options.issuer, options.fetch);
  const scopes = new Set(["openid", ...(options.scopes ?? DEFAULT_OIDC_SCOPES)]);
  const tenantClaim = options.tenantClaim ?? "tenant";
  const userClaim = options.userClaim ?? "sub";
  const fetchFrom = options.fetch ?? globalThis.fetch;
  let verifier: { jwksUri: string; verify: (token: string) => Promise<JWTPayload> } | undefined;
  const verifierFor = (endpoints: OidcEndpoints) => {
    if (verifier?.jwksUri !== endpoints.jwksUri) {
      const verify = jwtVerifier({
        issuer: options.issuer,
        audience: options.clientId,
        jwks: { uri: endpoints.jwksUri },
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      verifier = { jwksUri: endpoints.jwksUri, verify };
    }
    return verifier.verify;
  };

  const verified = async (endpoints: OidcEndpoints, idToken: string): Promise<JWTPayload> => {
    try {
      return await verifierFor(endpoints)(idToken);
    } catch (error) {
      const reason = JWT_REFUSALS[(error as Error).name];
      if (reason) throw new SignInRefusedError(`the ID token is refused: ${reason}`);
      throw new IdentityProviderError("the provider's keys (jwks_uri) could not be read", {
        cause: error,
      });
    }
  };

  return {
    authorizationUrl: async (request) => {
      const url = new URL((await discovery()).authorizationEndpoint);
      const parameters = {
        response_type: "code",
        client_id: options.clientId,
        redirect_uri: request.redirectUri,
        scope: [...scopes].join(" "),
        state: request.state,
        nonce: request.nonce,
        code_challenge: request.codeChallenge,
        code_challenge_method: "S256",
      };
      for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
      return url.href;
    },

    identityFromCode: async (grant) => {
      const endpoints = await discovery();
      const form = new URLSearchParams({
        grant_type: "authorization_code",
        code: grant.code,
        redirect_uri: grant.redirectUri,
        code_verifier: grant.codeVerifier,
      });
      const headers: Record<string, string> = {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      };
      if (options.clientSecret === undefined) {
        form.set("client_id", options.clientId);
      } else {
        const user = encodeURIComponent(options.clientId);
        const password = encodeURIComponent(options.clientSecret);
        headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
      }
      let response: Response;
      try {
        response = await fetchFrom(endpoints.tokenEndpoint, {
          method: "POST",
          headers,
          body: form,
        });
      } catch (error) {
        throw new IdentityProviderError("the token endpoint could not be reached", {
          cause: error,
        });
      }
      const claims = await verified(endpoints, await idTokenFrom(response));
      if (claims.nonce !== grant.nonce) {
        throw new SignInRefusedError("the ID token is refused: its nonce is not this sign-in's");
      }
      if (typeof claims.exp !== "number") {
        throw new SignInRefusedError("the ID token is refused: it has no expiry");
      }
      if (Array.isArray(claims.aud) && claims.aud.length > 1 && claims.azp !== options.clientId) {
        throw new SignInRefusedError("the ID token is refused: it was issued to another client");
      }
      const tenant = claims[tenantClaim];
      const user = claims[userClaim];
      if (!isCheckedId(tenant)) {
        throw new SignInRefusedError(
          `the ID token names no tenant in its claim "${tenantClaim}" (1–128 letters, digits or . _ @ + -)`,
        );
      }
      if (!isCheckedId(user)) {
        throw new SignInRefusedError(
          `the ID token names no user in its claim "${userClaim}" (1–128 letters, digits or . _ @ + -)`,
        );
      }
      return { tenant, user };
    },
  };
}
