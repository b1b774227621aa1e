import { decode, verify, verifyWithJwks } from "hono/jwt";
import type { HonoJsonWebKey } from "hono/utils/jwt/jws";
import type { JWTPayload } from "hono/utils/jwt/types";
import { isCheckedId } from "../core/operations/checked-id.ts";
import { cachedJwks, type JwksKeys } from "./cached-jwks.ts";
import type { IdentityResolver } from "./identity.ts";

/** The asymmetric algorithms accepted from a JWKS. */
const JWKS_ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "EdDSA",
] as const;

/** How {@link jwtIdentity} checks bearer tokens. */
export type JwtIdentityOptions = {
  /** The `iss` every token must carry. */
  issuer: string;
  /** The `aud` every token must carry (one of them). */
  audience: string | string[];
  /** The claim naming the caller's tenant. @default "tenant" */
  tenantClaim?: string;
  /** How a JWKS `uri` is fetched (once, then cached). @default globalThis.fetch */
  fetch?: typeof fetch;
} & (
  | {
      /** The identity provider's public keys, or the URL of its JWKS document. */
      jwks: { keys: HonoJsonWebKey[] } | { uri: string };
    }
  | {
      /** A shared HS256 secret (≥256 bits), for installations without a JWKS. */
      secret: string;
    }
);

/**
 * Checks a JWT against a shared secret (HS256), or against JWKS keys with an asymmetric
 * algorithm (a JWKS `uri` fetched through {@link cachedJwks}): the signature, `iss`, `aud`
 * and times must hold, else it throws. The API's bearer tokens and the pages' ID tokens are
 * both checked by it (`tenantClaim` is not its concern).
 *
 * @example
 * const verified = jwtVerifier({ issuer, audience: clientId, jwks: { uri: jwksUri } });
 * const claims = await verified(idToken);
 */
export function jwtVerifier(options: JwtIdentityOptions): (token: string) => Promise<JWTPayload> {
  const verification = { iss: options.issuer, aud: options.audience };
  if ("secret" in options) {
    const { secret } = options;
    return (token) => verify(token, secret, { alg: "HS256", ...verification });
  }
  const { jwks } = options;
  const keys: JwksKeys =
    "uri" in jwks ? cachedJwks(jwks.uri, options.fetch) : async () => jwks.keys;
  return async (token) =>
    verifyWithJwks(token, {
      keys: await keys(decode(token).header.kid),
      verification,
      allowedAlgorithms: JWKS_ALGORITHMS,
    });
}

/**
 * Reads the caller from an `Authorization: Bearer <JWT>` header: the signature (JWKS or a
 * shared secret), issuer, audience and times must hold; the tenant comes from `tenantClaim`,
 * the user from `sub`. A JWKS read from a `uri` is fetched once and cached (see
 * {@link cachedJwks}). Anything else — no header, a bad token, an id that cannot go into a
 * key — is nobody (401).
 *
 * @example
 * const identity = jwtIdentity({ issuer: "https://id.example.com", audience: "baton",
 *   jwks: { uri: "https://id.example.com/.well-known/jwks.json" } });
 */
export function jwtIdentity(options: JwtIdentityOptions): IdentityResolver {
  const tenantClaim = options.tenantClaim ?? "tenant";
  const verified = jwtVerifier(options);
  return async (request) => {
    const [scheme, token, extra] = (request.headers.get("authorization") ?? "").split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token || extra !== undefined) return undefined;
    let payload: JWTPayload;
    try {
      payload = await verified(token);
    } catch {
      return undefined;
    }
    const tenant = payload[tenantClaim];
    const user = payload.sub;
    return isCheckedId(tenant) && isCheckedId(user) ? { tenant, user } : undefined;
  };
}
