import { IdentityProviderError } from "./sign-in-errors.ts";

/** How long a discovery document is kept before it is read again: 1 hour. */
const MAX_AGE_MS = 60 * 60 * 1000;

/** What Baton reads of an OpenID provider's discovery document. */
export interface OidcEndpoints {
  /** Where the browser is sent to sign in. */
  authorizationEndpoint: string;
  /** Where a code is exchanged for tokens. */
  tokenEndpoint: string;
  /** The provider's public keys (a JWKS document). */
  jwksUri: string;
}

/** The endpoints of the provider, read through a cache. */
export type OidcDiscovery = () => Promise<OidcEndpoints>;

/** The document's `name` as an https URL (http only on loopback), or a refusal naming it. */
function endpoint(document: Record<string, unknown>, name: string): string {
  const value = document[name];
  if (typeof value === "string" && URL.canParse(value)) {
    const url = new URL(value);
    const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
    if (url.protocol === "https:" || (url.protocol === "http:" && loopback)) return value;
  }
  throw new IdentityProviderError(`the discovery document's ${name} is not an https URL`);
}

async function fetchedEndpoints(issuer: string, fetchDocument: typeof fetch) {
  const uri = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetchDocument(uri, { headers: { accept: "application/json" } });
  } catch (error) {
    throw new IdentityProviderError(`the discovery document at ${uri} could not be fetched`, {
      cause: error,
    });
  }
  if (!response.ok) {
    throw new IdentityProviderError(`the discovery document at ${uri} answered ${response.status}`);
  }
  const document: unknown = await response.json().catch(() => undefined);
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw new IdentityProviderError(`the discovery document at ${uri} is not a JSON object`);
  }
  const fields = document as Record<string, unknown>;
  if (fields.issuer !== issuer) {
    throw new IdentityProviderError(
      `the discovery document at ${uri} names another issuer than OIDC_ISSUER`,
    );
  }
  return {
    authorizationEndpoint: endpoint(fields, "authorization_endpoint"),
    tokenEndpoint: endpoint(fields, "token_endpoint"),
    jwksUri: endpoint(fields, "jwks_uri"),
  };
}

/**
 * Reads the issuer's `/.well-known/openid-configuration` once and keeps its endpoints for an
 * hour; concurrent callers share one fetch and a failed fetch is not kept. The document must
 * name exactly `issuer` (OpenID Connect Discovery §4.3) and https endpoints (http only on a
 * loopback host, for tests and a provider on the developer's machine).
 *
 * @example
 * const endpoints = await cachedDiscovery("https://id.example.com")();
 */
export function cachedDiscovery(
  issuer: string,
  fetchDocument: typeof fetch = globalThis.fetch,
  now: () => number = Date.now,
): OidcDiscovery {
  let cached: { endpoints: OidcEndpoints; fetchedAt: number } | undefined;
  let pending: Promise<OidcEndpoints> | undefined;
  return async () => {
    if (cached && now() - cached.fetchedAt < MAX_AGE_MS) return cached.endpoints;
    pending ??= fetchedEndpoints(issuer, fetchDocument)
      .then((endpoints) => {
        cached = { endpoints, fetchedAt: now() };
        return endpoints;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}
