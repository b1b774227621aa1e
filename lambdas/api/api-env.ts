import type { Identity } from "./identity.ts";

/** The hono environment of the API: the caller's identity, set by the identity middleware. */
export interface ApiEnv {
  Variables: { identity: Identity };
}
