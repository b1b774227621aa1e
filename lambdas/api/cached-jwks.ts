import type { HonoJsonWebKey } from "hono/utils/jwt/jws";

/** How long fetched keys are trusted before the JWKS is read again: 10 minutes. */
const MAX_AGE_MS = 10 * 60 * 1000;

/** How soon after a fetch a token with an unknown `kid` may cause another: 30 seconds. */
const UNKNOWN_KID_COOLDOWN_MS = 30 * 1000;

/** The public keys for a token's `kid`, from a cache of the identity provider's JWKS. */
export type JwksKeys = (kid: string | undefined) => Promise<HonoJsonWebKey[]>;

async function fetchedKeys(uri: string, fetchJwks: typeof fetch): Promise<HonoJsonWebKey[]> {
  const response = await fetchJwks(uri);
  if (!response.ok) throw new Error(`failed to fetch JWKS from ${uri}: ${response.status}`);
  const body: unknown = await response.json();
  const keys = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new Error(`the JWKS from ${uri} has no "keys" array`);
  return keys as HonoJsonWebKey[];
}

/**
 * Reads a JWKS document once and keeps its keys: it is read again after 10 minutes, or when a
 * token names a `kid` the keys lack (the provider rotated) — but not more than once every 30
 * seconds for unknown ids, so tokens with made-up ids cannot turn every request into a fetch.
 * Concurrent callers share one fetch; a failed fetch is not cached.
 *
 * @example
 * const keys = cachedJwks("https://id.example.com/.well-known/jwks.json");
 * const verifyKeys = await keys(header.kid);
 */
export function cachedJwks(
  uri: string,
  fetchJwks: typeof fetch = globalThis.fetch,
  now: () => number = Date.now,
): JwksKeys {
  let cached: { keys: HonoJsonWebKey[]; fetchedAt: number } | undefined;
  let pending: Promise<HonoJsonWebKey[]> | undefined;
  const refetch = (): Promise<HonoJsonWebKey[]> => {
    pending ??= fetchedKeys(uri, fetchJwks)
      .then((keys) => {
        cached = { keys, fetchedAt: now() };
        return keys;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  return async (kid) => {
    if (cached === undefined) return refetch();
    const age = now() - cached.fetchedAt;
    if (age >= MAX_AGE_MS) return refetch();
    const known = cached.keys.some((key) => key.kid === kid);
    if (!known && age >= UNKNOWN_KID_COOLDOWN_MS) return refetch();
    return cached.keys;
  };
}
