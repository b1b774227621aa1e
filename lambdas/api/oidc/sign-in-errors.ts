/**
 * A sign-in that cannot be trusted and is refused, having set nothing: the `state` does not
 * match the browser's, the provider refused the code, or the ID token's signature, issuer,
 * audience, nonce, times or claims do not hold. The message says which, for people and logs;
 * it never holds a code, token or key.
 *
 * @example
 * throw new SignInRefusedError("the ID token's nonce is not this sign-in's");
 */
export class SignInRefusedError extends Error {
  override readonly name = "Baton.SignInRefused";
}

/**
 * The identity provider could not be used: its discovery document, token endpoint or keys did
 * not answer, or answered something that is not OpenID Connect. The message names the
 * endpoint and what went wrong, never a code, token or secret.
 *
 * @example
 * throw new IdentityProviderError("the token endpoint answered 503");
 */
export class IdentityProviderError extends Error {
  override readonly name = "Baton.IdentityProviderFailed";
}
