import { isCheckedId } from "../core/operations/checked-id.ts";
import type { IdentityResolver } from "./identity.ts";

/** The header {@link devIdentity} reads the user from. */
export const DEV_USER_HEADER = "x-baton-user";

/** The tenant every {@link devIdentity} caller belongs to. */
export const DEV_TENANT = "default";

/**
 * Trusts the `X-Baton-User` header, tenant `default`: for a developer's machine only. Enable
 * it only when {@link devAuthAllowed} says so (`BATON_DEV_AUTH=1`, bound to loopback).
 *
 * @example
 * const app = createApiApp(backend, { identity: devIdentity() });
 * await app.request("/v1/approvals", { headers: { "X-Baton-User": "al" } });
 */
export function devIdentity(): IdentityResolver {
  return async (request) => {
    const user = request.headers.get(DEV_USER_HEADER);
    return isCheckedId(user) ? { tenant: DEV_TENANT, user } : undefined;
  };
}
