import { verify, verifyWithJwks } from "hono/jwt";
import type { HonoJsonWebKey } from "hono/utils/jwt/jws";
import type { JWTPayload } from "hono/utils/jwt/types";
import { type IdentityResolver, isIdentityId } from "./identity.ts";

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

async function verified(token: string, options: JwtIdentityOptions): Promise<JWTPayload> {
  const verification = { iss: options.issuer, aud: options.audience };
  if ("secret" in options) return verify(token, options.secret, { alg: "HS256", ...verification });
  const { jwks } = options;
  return verifyWithJwks(token, {
    ...("uri" in jwks ? { jwks_uri: jwks.uri } : { keys: jwks.keys }),
    verification,
    allowedAlgorithms: JWKS_ALGORITHMS,
  });
}

/**
 * Reads the caller from an `Authorization: Bearer <JWT>` header: the signature (JWKS or a
 * shared secret), issuer, audience and times must hold; the tenant comes from `tenantClaim`,
 * the user from `sub`. Anything else — no header, a bad token, an id that cannot go into a
 * key — is nobody (401).
 *
 * @example
 * const identity = jwtIdentity({ issuer: "https://id.example.com", audience: "baton",
 *   jwks: { uri: "https://id.example.com/.well-known/jwks.json" } });
 */
export function jwtIdentity(options: JwtIdentityOptions): IdentityResolver {
  const tenantClaim = options.tenantClaim ?? "tenant";
  return async (request) => {
    const [scheme, token, extra] = (request.headers.get("authorization") ?? "").split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token || extra !== undefined) return undefined;
    let payload: JWTPayload;
    try {
      payload = await verified(token, options);
    } catch {
      return undefined;
    }
    const tenant = payload[tenantClaim];
    const user = payload.sub;
    return isIdentityId(tenant) && isIdentityId(user) ? { tenant, user } : undefined;
  };
}
