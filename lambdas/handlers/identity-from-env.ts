import type { IdentityResolver } from "../api/identity.ts";
import { jwtIdentity } from "../api/jwt-identity.ts";
import { signingKeyProblem } from "../core/security/signing-key-length.ts";
import type { HandlerEnvironment } from "./environment-variables.ts";

/**
 * The API's identity on AWS, from the function's environment: a JWT verified against
 * `JWT_ISSUER` and `JWT_AUDIENCE` (comma-separated), with the keys at `JWT_JWKS_URL` or the
 * shared secret `JWT_SECRET`; the tenant from the claim `JWT_TENANT_CLAIM` (default `tenant`).
 * A missing setting is refused with its name, and so is a `JWT_SECRET` shorter than 256 bits
 * (43 characters, {@link signingKeyProblem}).
 *
 * @example
 * const identity = identityFromEnv(process.env);
 */
export function identityFromEnv(env: HandlerEnvironment): IdentityResolver {
  const issuer = env.JWT_ISSUER;
  const audience = env.JWT_AUDIENCE?.split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (!issuer || !audience || audience.length === 0) {
    throw new TypeError("environment variables JWT_ISSUER and JWT_AUDIENCE must be set");
  }
  const tenantClaim = env.JWT_TENANT_CLAIM ?? "tenant";
  if (env.JWT_JWKS_URL)
    return jwtIdentity({ issuer, audience, tenantClaim, jwks: { uri: env.JWT_JWKS_URL } });
  if (env.JWT_SECRET) {
    const problem = signingKeyProblem(env.JWT_SECRET);
    if (problem) throw new TypeError(`environment variable JWT_SECRET ${problem}`);
    return jwtIdentity({ issuer, audience, tenantClaim, secret: env.JWT_SECRET });
  }
  throw new TypeError("environment variable JWT_JWKS_URL or JWT_SECRET must be set");
}
