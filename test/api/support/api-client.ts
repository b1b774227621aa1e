import type { Hono } from "hono";
import type { ApiEnv } from "../../../lambdas/api/api-env.ts";
import { DEV_USER_HEADER } from "../../../lambdas/api/dev-identity.ts";

/** An answer read whole: status, headers and the body as text and (when it is) JSON. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/**
 * Calls the app as `user` (the dev identity header) or anonymously, and reads the answer.
 *
 * @example
 * const answer = await call(app, "POST", "/v1/flows/x/instances", { user: "al", json: { input: {} } });
 */
export async function call(
  app: Hono<ApiEnv>,
  method: string,
  path: string,
  options: { user?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.user !== undefined) headers[DEV_USER_HEADER] = options.user;
  const body = options.json === undefined ? options.body : JSON.stringify(options.json);
  if (options.json !== undefined) headers["content-type"] = "application/json";
  const response = await app.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
