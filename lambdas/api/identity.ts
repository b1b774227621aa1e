/** Who is calling: the tenant they belong to and their user id within it. */
export interface Identity {
  tenant: string;
  user: string;
}

/**
 * Tells who sent a request, or `undefined` when nobody can be told (the API answers 401). The
 * port through which an installation plugs in its sign-in: {@link jwtIdentity} in production,
 * {@link devIdentity} on a developer's machine.
 *
 * @example
 * const resolver: IdentityResolver = async (request) =>
 *   request.headers.get("x-user") ? { tenant: "default", user: "al" } : undefined;
 */
export type IdentityResolver = (request: Request) => Promise<Identity | undefined>;
