import { CALLBACK_REPORT_SCHEMA } from "./schemas/callback-report-schema.ts";
import { CANCEL_REQUEST_SCHEMA } from "./schemas/cancel-request-schema.ts";
import { DECISION_REQUEST_SCHEMA } from "./schemas/decision-request-schema.ts";
import { INBOX_PAGE_QUERY_SCHEMA } from "./schemas/inbox-page-query-schema.ts";
import { INBOX_QUERY_SCHEMA } from "./schemas/inbox-query-schema.ts";
import { NO_QUERY_SCHEMA } from "./schemas/no-query-schema.ts";
import { PAGE_QUERY_SCHEMA } from "./schemas/page-query-schema.ts";
import { START_REQUEST_SCHEMA } from "./schemas/start-request-schema.ts";

/**
 * Every JSON Schema the API checks a request's body or query with (`requestValidator`), by a
 * name. They are fixed when the code is built, so the api and pages functions' bundles carry
 * them as validators compiled at build time (`schemaValidatorsInjection`), beside the deployed
 * templates' schemas, instead of compiling them with Ajv as they start.
 *
 * @example
 * requestValidator<StartRequestBody>(REQUEST_SCHEMAS.startRequest, "body");
 */
export const REQUEST_SCHEMAS = {
  callbackReport: CALLBACK_REPORT_SCHEMA,
  cancelRequest: CANCEL_REQUEST_SCHEMA,
  decisionRequest: DECISION_REQUEST_SCHEMA,
  inboxPageQuery: INBOX_PAGE_QUERY_SCHEMA,
  inboxQuery: INBOX_QUERY_SCHEMA,
  noQuery: NO_QUERY_SCHEMA,
  pageQuery: PAGE_QUERY_SCHEMA,
  startRequest: START_REQUEST_SCHEMA,
} as const;
