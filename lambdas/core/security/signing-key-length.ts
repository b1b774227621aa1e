/**
 * The fewest characters a signing key may have: 256 bits written as base64url are 43. Every
 * key Baton signs with (callback, link, audit, session) is held to it.
 */
export const MIN_SIGNING_KEY_LENGTH = 43;

/**
 * What is wrong with a key too short to sign with, or `undefined`: the rule for every signing
 * key, whether a plain variable or read from a secret.
 *
 * @example
 * signingKeyProblem("short"); // "must hold at least 256 bits"
 * signingKeyProblem(randomBytes(32).toString("base64url")); // undefined
 */
export function signingKeyProblem(key: string): string | undefined {
  return key.length < MIN_SIGNING_KEY_LENGTH ? "must hold at least 256 bits" : undefined;
}
