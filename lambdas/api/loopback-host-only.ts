import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "./api-env.ts";
import { errorBody } from "./error-body.ts";
import { hostHeaderName, isLoopbackName } from "./loopback-name.ts";

/**
 * A middleware that refuses, `403 forbidden`, every request whose `Host` is not a loopback
 * name ({@link isLoopbackName}: `localhost`, any `127.x.x.x`, `[::1]`; any port or none), before
 * anything reads who is calling. With the development identity on (`baton dev` with
 * `BATON_DEV_AUTH=1`), a page whose domain an attacker rebinds to 127.0.0.1 reaches the
 * engine with its own name as the `Host`: this is what keeps it from signing in as anyone
 * (DNS rebinding). A request without a `Host` header is judged by its URL's host.
 *
 * @example
 * app.use("*", loopbackHostOnly());
 * await app.request("/v1/templates", { headers: { Host: "evil.example:3000" } }); // 403
 */
export function loopbackHostOnly(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const host = c.req.header("host") ?? new URL(c.req.url).host;
    const name = hostHeaderName(host);
    if (name !== undefined && isLoopbackName(name)) return next();
    return c.json(
      errorBody(
        "forbidden",
        `Host ${host} is not a loopback name: with BATON_DEV_AUTH=1 the engine answers only requests to localhost, 127.0.0.1 or [::1]`,
      ),
      403,
    );
  };
}
