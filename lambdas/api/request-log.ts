import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "./api-env.ts";

/** One request the API answered: never its path, query, body or credentials. */
export interface RequestLogEntry {
  method: string;
  /** The route's pattern (`/v1/instances/:id`), never the path: paths carry link ids. */
  route: string;
  status: number;
  /** Milliseconds from the request reaching the app to its answer. */
  durationMs: number;
  /** Who was signed in, when someone was. */
  user?: string;
}

/**
 * Where the API writes a line per request.
 *
 * @example
 * const requestLog: RequestLog = (entry) => logger.info("request", { ...entry });
 */
export type RequestLog = (entry: RequestLogEntry) => void;

/**
 * A middleware that hands `log` one {@link RequestLogEntry} per answered request, errors
 * included (after the app's error handler made the answer).
 *
 * @example
 * app.use("*", requestLogging((entry) => logger.info("request", { ...entry })));
 */
export function requestLogging(log: RequestLog): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const user = c.get("identity")?.user;
    log({
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(user === undefined ? {} : { user }),
    });
  };
}
