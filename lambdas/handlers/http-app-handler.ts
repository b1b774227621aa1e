import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import type { Hono } from "hono";
import { handle } from "hono/aws-lambda";
import type { ApiEnv } from "../api/api-env.ts";
import { invocationUsage } from "./invocation-usage.ts";
import { enterInvocation } from "./observed-handler.ts";

/** A function's answer to API Gateway's requests (HTTP API, payload v2). */
export type HttpApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

/**
 * A `hono` app served to API Gateway (`hono/aws-lambda`'s `handle`): the app made on the first
 * request and kept for the next ones, each request entered on the shared logger under the
 * handler's name, and its usage published for the templates it served (`InvocationUsage`).
 * The api and pages functions answer their requests so.
 *
 * @example
 * export const handler = httpAppHandler("pages", () => createPagesApp(backend(), { identity }));
 */
export function httpAppHandler(handler: string, app: () => Hono<ApiEnv>): HttpApiHandler {
  let served: HttpApiHandler | undefined;
  return async (event, context) => {
    enterInvocation(handler, context);
    served ??= handle(app()) as unknown as HttpApiHandler;
    invocationUsage.begin();
    try {
      return await served(event, context);
    } finally {
      invocationUsage.publish(context.memoryLimitInMB);
    }
  };
}
