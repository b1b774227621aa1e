import type { OidcClient } from "../oidc/oidc-client.ts";

/**
 * How people sign in to the pages with an OpenID Connect provider: the authorization code
 * flow with PKCE, ending in a signed session cookie (see `routes/pages/sign-in-routes.ts`).
 *
 * @example
 * const signIn: PageSignIn = {
 *   client: oidcClient({ issuer: "https://id.example.com", clientId: "baton" }),
 *   sessionKey: process.env.BATON_SESSION_KEY,
 * };
 */
export interface PageSignIn {
  /** The provider's client. */
  client: OidcClient;
  /**
   * The key the session and sign-in cookies are signed with (at least 256 bits); changing it
   * signs everybody out.
   */
  sessionKey: string;
  /** How long a session lasts, in seconds; then the person signs in again. @default 28800 (8 h) */
  sessionSeconds?: number;
}
