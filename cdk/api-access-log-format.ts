import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";

/**
 * The fields of one access log line of the HTTP API, each an API Gateway `$context` variable.
 * What a line must never hold is left out: the raw path (`$context.path`: an approval link's
 * path is its credential), the query string, any header (the `Authorization` header is the
 * bearer token; the user agent is a header too) and the authorizer's error text. The route is
 * logged as its template (`$context.routeKey`, e.g. `GET /a/{linkId}`), as the app's own
 * request log does.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: "$context.requestId",
  time: "$context.requestTimeEpoch",
  route: "$context.routeKey",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  latencyMs: "$context.responseLatency",
  integrationLatencyMs: "$context.integrationLatency",
  integrationStatus: "$context.integrationStatus",
  error: "$context.error.message",
  user: "$context.authorizer.claims.sub",
  sourceIp: "$context.identity.sourceIp",
} as const;

/**
 * The HTTP API's access log format: one JSON object a request with {@link ACCESS_LOG_FIELDS}.
 *
 * @example
 * new HttpStage(this, "Stage", { httpApi, accessLogSettings: { destination, format: apiAccessLogFormat() } });
 */
export function apiAccessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS));
}
