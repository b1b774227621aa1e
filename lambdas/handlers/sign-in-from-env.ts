import { DEFAULT_OIDC_SCOPES, oidcClient } from "../api/oidc/oidc-client.ts";
import type { PageSignIn } from "../api/pages/page-sign-in.ts";
import { secureCookies } from "../api/pages/signed-cookie.ts";
import type { SecretSource } from "../core/ports/secret-source.ts";
import { signingKeyProblem } from "../core/security/signing-key-length.ts";
import type { HandlerEnvironment } from "./environment-variables.ts";
import { variablesFromSecrets } from "./variables-from-secrets.ts";

/** Whether `value` is an https URL, or http on a loopback host (a provider or Baton on this machine). */
function isSecureUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === "https:" || (protocol === "http:" && !secureCookies(value));
}

/**
 * The pages' sign-in with an OpenID Connect provider, from the function's environment, or
 * `undefined` when `OIDC_ISSUER` is unset (the pages then take the API's identity, as before).
 * Every variable is checked here; a missing or malformed one is refused with its name:
 *
 * - `OIDC_ISSUER`: the provider's issuer URL (https; http only on loopback), exactly as its ID tokens' `iss`.
 * - `OIDC_CLIENT_ID`: Baton's client at the provider.
 * - `OIDC_CLIENT_SECRET`: its secret, for a confidential client (or read from the secret
 *   `OIDC_CLIENT_SECRET_ARN` names, by {@link signInSecretsFromSecrets}). @default none (public client)
 * - `OIDC_SCOPES`: the scopes asked for, separated by spaces. @default `openid profile email`
 * - `OIDC_TENANT_CLAIM`: the ID token claim naming the tenant. @default `JWT_TENANT_CLAIM`, else `tenant`
 * - `OIDC_USER_CLAIM`: the ID token claim naming the user. @default `sub`
 * - `BATON_SESSION_KEY`: the key session cookies are signed with, at least 43 characters (or
 *   read from the secret `BATON_SESSION_KEY_SECRET_ARN` names).
 * - `PUBLIC_URL`: must be https (or http on loopback), as the cookies are Secure; the
 *   redirect URI is `<PUBLIC_URL>/ui/signed-in`.
 *
 * @example
 * const signIn = pageSignInFromEnv(process.env);
 * createApiApp(backend, { identity, ...(signIn ? { signIn } : {}) });
 */
export function pageSignInFromEnv(env: HandlerEnvironment): PageSignIn | undefined {
  const issuer = env.OIDC_ISSUER;
  if (!issuer) return undefined;
  if (!isSecureUrl(issuer)) {
    throw new TypeError("environment variable OIDC_ISSUER must be an https URL");
  }
  const clientId = env.OIDC_CLIENT_ID;
  if (!clientId) {
    throw new TypeError("environment variable OIDC_CLIENT_ID must be set with OIDC_ISSUER");
  }
  const sessionKey = env.BATON_SESSION_KEY ?? "";
  const problem = signingKeyProblem(sessionKey);
  if (problem !== undefined) {
    throw new TypeError(`environment variable BATON_SESSION_KEY ${problem} with OIDC_ISSUER`);
  }
  const publicUrl = env.PUBLIC_URL;
  if (!publicUrl || !isSecureUrl(publicUrl)) {
    throw new TypeError(
      "environment variable PUBLIC_URL must be an https URL with OIDC_ISSUER (the session cookie is Secure)",
    );
  }
  const scopes = (env.OIDC_SCOPES ?? "").split(/\s+/).filter((scope) => scope !== "");
  const tenantClaim = env.OIDC_TENANT_CLAIM || env.JWT_TENANT_CLAIM || "tenant";
  return {
    client: oidcClient({
      issuer,
      clientId,
      scopes: scopes.length > 0 ? scopes : DEFAULT_OIDC_SCOPES,
      tenantClaim,
      userClaim: env.OIDC_USER_CLAIM || "sub",
      ...(env.OIDC_CLIENT_SECRET ? { clientSecret: env.OIDC_CLIENT_SECRET } : {}),
    }),
    sessionKey,
  };
}

/**
 * The sign-in's secrets a deployment keeps in Secrets Manager, read when `OIDC_ISSUER` is set
 * ({@link variablesFromSecrets}, as the signing keys are): `OIDC_CLIENT_SECRET` from
 * `OIDC_CLIENT_SECRET_ARN` and `BATON_SESSION_KEY` from `BATON_SESSION_KEY_SECRET_ARN`, each
 * only when its plain variable is unset; ready to lay over the environment before
 * {@link pageSignInFromEnv}. Without `OIDC_ISSUER`, or with nothing to read, `source` is not
 * called.
 *
 * @example
 * const read = await signInSecretsFromSecrets(process.env, () => secretsManagerSource());
 * const signIn = pageSignInFromEnv({ ...process.env, ...read });
 */
export async function signInSecretsFromSecrets(
  env: HandlerEnvironment,
  source: () => Promise<SecretSource>,
): Promise<Record<string, string>> {
  if (!env.OIDC_ISSUER) return {};
  return variablesFromSecrets(
    env,
    {
      OIDC_CLIENT_SECRET: "OIDC_CLIENT_SECRET_ARN",
      BATON_SESSION_KEY: "BATON_SESSION_KEY_SECRET_ARN",
    },
    source,
  );
}
