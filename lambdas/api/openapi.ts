import { CALLBACK_REPORT_SCHEMA } from "./schemas/callback-report-schema.ts";
import { CANCEL_REQUEST_SCHEMA } from "./schemas/cancel-request-schema.ts";
import { DECISION_REQUEST_SCHEMA } from "./schemas/decision-request-schema.ts";
import { IDENTIFIER_SCHEMA } from "./schemas/identifier-schema.ts";
import { INBOX_QUERY_SCHEMA } from "./schemas/inbox-query-schema.ts";
import { PAGE_QUERY_SCHEMA } from "./schemas/page-query-schema.ts";
import { START_REQUEST_SCHEMA } from "./schemas/start-request-schema.ts";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ "application/json": { schema } });
const error = (description: string) => ({ description, content: json(ref("Error")) });
const ok = (description: string, schema: object) => ({ description, content: json(schema) });
const pathParameter = (name: string, description: string) => ({
  name,
  in: "path",
  required: true,
  description,
  schema: { type: "string" },
});
const query = (name: string, schema: object, description: string) => ({
  name,
  in: "query",
  required: false,
  description,
  schema,
});

const SIGNED_IN_ERRORS = {
  "400": error("The request breaks a rule; `details` lists every problem."),
  "401": error("Nobody signed in."),
  "404": error("Nothing of that id in the caller's tenant."),
  "413": error("The body is too large."),
};
const PAGE_HEADERS = {
  "Cache-Control": { schema: { const: "no-store" } },
  "Referrer-Policy": { schema: { const: "no-referrer" } },
  "Content-Security-Policy": { schema: { type: "string" } },
};
const linkId = pathParameter(
  "linkId",
  "The approval link's id (signed claims; a bearer credential).",
);
const instanceId = pathParameter("id", "The instance id.");
const templateId = pathParameter("templateId", "The template id.");

/**
 * The OpenAPI 3.1 document of the HTTP API, served at `GET /openapi.json`; a test checks that
 * it documents exactly the routes the app serves. Request schemas are the ones the routes
 * validate with.
 *
 * @example
 * app.get("/openapi.json", (c) => c.json(OPENAPI_DOCUMENT));
 */
export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "Baton",
    version: "1",
    description:
      "Approval flows on AWS Step Functions: start instances, read them, decide approvals, report plugin callbacks.",
  },
  security: [{ bearer: [] }],
  paths: {
    "/v1/templates": {
      get: {
        summary:
          "Every deployed template at its latest version, with the versions instances may run on",
        responses: { "200": ok("The templates.", ref("TemplateList")), ...SIGNED_IN_ERRORS },
      },
    },
    "/v1/templates/{templateId}": {
      get: {
        summary: "A template's latest version: its definition and picture",
        parameters: [templateId],
        responses: { "200": ok("The template.", ref("Template")), ...SIGNED_IN_ERRORS },
      },
    },
    "/v1/templates/{templateId}/instances": {
      get: {
        summary: "The template's instances, newest first, a page at a time",
        parameters: [
          templateId,
          query(
            "limit",
            PAGE_QUERY_SCHEMA.properties.limit,
            "Items per page, 1 to 100 (default 50).",
          ),
          query(
            "cursor",
            PAGE_QUERY_SCHEMA.properties.cursor,
            "The `cursor` of the previous page.",
          ),
        ],
        responses: { "200": ok("A page of instances.", ref("InstanceList")), ...SIGNED_IN_ERRORS },
      },
    },
    "/v1/templates/{templateId}/versions/{version}": {
      get: {
        summary: "One version of a template: its definition and picture",
        parameters: [templateId, pathParameter("version", "The template version, from 1.")],
        responses: { "200": ok("The template version.", ref("Template")), ...SIGNED_IN_ERRORS },
      },
    },
    "/v1/flows/{templateId}/instances": {
      post: {
        summary: "Start an instance of a template's latest version",
        parameters: [templateId],
        requestBody: { required: true, content: json(START_REQUEST_SCHEMA) },
        responses: {
          "201": ok("Started.", ref("Started")),
          "200": ok(
            "The instance an earlier start with this idempotency key started.",
            ref("Started"),
          ),
          ...SIGNED_IN_ERRORS,
        },
      },
    },
    "/v1/instances/{id}": {
      get: {
        summary: "Read an instance: status, nodes, input and history",
        parameters: [instanceId],
        responses: { "200": ok("The instance.", ref("Instance")), ...SIGNED_IN_ERRORS },
      },
    },
    "/v1/instances/{id}/cancel": {
      post: {
        summary: "Cancel (withdraw) a running instance; only its starter may",
        parameters: [instanceId],
        requestBody: { required: false, content: json(CANCEL_REQUEST_SCHEMA) },
        responses: {
          "200": ok("Cancelled.", ref("Cancelled")),
          ...SIGNED_IN_ERRORS,
          "403": error("Not the starter."),
          "409": error("The instance already ended."),
        },
      },
    },
    "/v1/instances/{id}/picture": {
      get: {
        summary: "The instance's picture: a mermaid flowchart coloured by its nodes' statuses",
        parameters: [instanceId],
        responses: {
          "200": ok("The mermaid source (docs/graph.md).", ref("Picture")),
          ...SIGNED_IN_ERRORS,
        },
      },
    },
    "/v1/instances/{id}/audit": {
      get: {
        summary: "Export the instance's hash-chained history, to verify offline",
        parameters: [instanceId],
        responses: { "200": ok("The history, oldest first.", ref("Audit")), ...SIGNED_IN_ERRORS },
      },
    },
    "/v1/approvals": {
      get: {
        summary: "The caller's inbox: to-do, done, CC'd or started",
        parameters: [
          query(
            "assignee",
            INBOX_QUERY_SCHEMA.properties.assignee,
            "Must be the caller, if given.",
          ),
          query(
            "status",
            INBOX_QUERY_SCHEMA.properties.status,
            "pending: to decide (with links); done: decided.",
          ),
          query(
            "view",
            INBOX_QUERY_SCHEMA.properties.view,
            "Instead of status: CC'd to me, started by me.",
          ),
          query("limit", INBOX_QUERY_SCHEMA.properties.limit, "1 to 100 rows; 50 by default."),
          query(
            "cursor",
            INBOX_QUERY_SCHEMA.properties.cursor,
            "The `cursor` of the previous page.",
          ),
        ],
        responses: {
          "200": ok("Newest first.", ref("Inbox")),
          ...SIGNED_IN_ERRORS,
          "403": error("assignee is someone else."),
        },
      },
    },
    "/v1/approvals/{approvalId}/decision": {
      post: {
        summary: "Approve, reject, transfer, add-sign or remind",
        parameters: [pathParameter("approvalId", "instance.node.visit")],
        requestBody: { required: true, content: json(DECISION_REQUEST_SCHEMA) },
        responses: {
          "200": ok("The decision as recorded.", ref("Decision")),
          ...SIGNED_IN_ERRORS,
          "403": error("The caller may not act on this approval now."),
          "409": error("Already decided: `details` is the recorded decision."),
          "410": error("Timed out or withdrawn."),
        },
      },
    },
    "/v1/callbacks/{id}": {
      post: {
        summary: "A plugin reports on a callback task (HMAC-signed, no user)",
        security: [],
        parameters: [
          pathParameter("id", "The callback id the plugin was given."),
          query("tenant", IDENTIFIER_SCHEMA, "The callback's tenant; `default` when absent."),
          {
            name: "x-baton-signature",
            in: "header",
            required: true,
            description:
              "`t=<unix seconds>,sha256=<hex HMAC-SHA-256>` under the callback key of the signing time, the tenant, the callback id and the raw body, one per line (`t\\ntenant\\ncallbackId\\nbody`); a time more than 300 s from the engine's clock either way is refused 401.",
            schema: { type: "string" },
          },
        ],
        requestBody: { required: true, content: json(CALLBACK_REPORT_SCHEMA) },
        responses: {
          "200": ok(
            "Where the callback stands (a repeated report gets the first one's answer).",
            ref("CallbackAnswer"),
          ),
          "400": error("Not a report."),
          "401": error(
            "The signature is not t=…,sha256=…, is too old or from the future, or does not hold.",
          ),
          "404": error("No such callback."),
          "410": error("The task no longer waits."),
          "413": error("The body is too large."),
        },
      },
    },
    "/a/{linkId}": {
      get: {
        summary: "An approval link's confirmation page; changes nothing",
        security: [],
        parameters: [linkId],
        responses: {
          "200": { description: "The page.", headers: PAGE_HEADERS, content: { "text/html": {} } },
          "403": error("Signed in as someone else."),
          "404": error("Not a link."),
          "410": error("The link expired."),
        },
      },
      head: {
        summary: "As GET, without the page",
        security: [],
        parameters: [linkId],
        responses: { "200": { description: "The page's headers." } },
      },
      post: {
        summary: "Decide from the confirmation page (form-encoded, with its CSRF token)",
        security: [],
        parameters: [linkId],
        requestBody: {
          required: true,
          content: {
            "application/x-www-form-urlencoded": {
              schema: {
                type: "object",
                required: ["csrf", "action"],
                properties: {
                  csrf: { type: "string" },
                  action: { enum: ["approve", "reject"] },
                  comment: { type: "string" },
                },
                additionalProperties: { description: "`form.<field>`: the node's form values." },
              },
            },
          },
        },
        responses: {
          "200": { description: "The recorded decision.", content: { "text/html": {} } },
          "400": error("Not a decision."),
          "403": error("No or a bad CSRF token, or someone else."),
          "409": {
            description: "Already decided: the recorded decision.",
            content: { "text/html": {} },
          },
          "410": error("The link expired, or the approval timed out or was withdrawn."),
        },
      },
    },
    "/a/{linkId}/form": {
      get: {
        summary:
          "The HTML form the link's step names, for the sandboxed frame of its confirmation page; changes nothing",
        security: [],
        parameters: [linkId],
        responses: {
          "200": {
            description: "The form, with its own strict Content-Security-Policy.",
            content: { "text/html": {} },
          },
          "403": error("Signed in as someone else."),
          "404": error("Not a link, or its step has no HTML form."),
          "410": error("The link expired."),
        },
      },
    },
    "/openapi.json": {
      get: {
        summary: "This document",
        security: [],
        responses: { "200": ok("OpenAPI 3.1.", { type: "object" }) },
      },
    },
    "/healthz": {
      get: {
        summary: "Whether the installation can serve: its store answers a read",
        security: [],
        responses: {
          "200": ok("Serving.", ref("Health")),
          "503": ok("A check fails; the cause is logged, not answered.", ref("Health")),
        },
      },
    },
    "/metrics": {
      get: {
        summary:
          "The embedded engine's figures (baton dev) in the Prometheus text format; on AWS the metrics are in CloudWatch",
        security: [],
        responses: {
          "200": {
            description:
              "Instances started and ended, approvals opened, timed out, pending and their wait, plugin calls and failures, dead letters (docs/api.md).",
            content: { "text/plain": { schema: { type: "string" } } },
          },
          "404": error("This installation serves no metrics here (on AWS: CloudWatch)."),
        },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    schemas: {
      Error: {
        type: "object",
        required: ["error"],
        properties: {
          error: {
            type: "object",
            required: ["code", "message"],
            properties: {
              code: {
                enum: [
                  "invalid",
                  "unauthenticated",
                  "forbidden",
                  "not-found",
                  "conflict",
                  "gone",
                  "too-large",
                  "internal",
                ],
              },
              message: { type: "string" },
              details: {},
            },
          },
        },
      },
      Started: {
        type: "object",
        required: ["instanceId", "status", "templateVersion"],
        properties: {
          instanceId: { type: "string" },
          status: { type: "string" },
          templateVersion: { type: "integer" },
        },
      },
      Instance: {
        type: "object",
        required: [
          "instanceId",
          "templateId",
          "templateVersion",
          "status",
          "nodes",
          "input",
          "history",
        ],
        properties: {
          instanceId: { type: "string" },
          templateId: { type: "string" },
          templateVersion: { type: "integer" },
          status: { type: "string" },
          starter: { type: "string" },
          nodes: { type: "object", additionalProperties: { type: "object" } },
          input: {},
          history: { type: "array", items: ref("HistoryEntry") },
        },
      },
      Cancelled: {
        type: "object",
        required: ["instanceId", "status"],
        properties: {
          instanceId: { type: "string" },
          status: { type: "string" },
          endedAt: { type: "string" },
          reason: { type: "string" },
        },
      },
      TemplateSummary: {
        type: "object",
        required: ["templateId", "version", "versions"],
        properties: {
          templateId: { type: "string" },
          version: { type: "integer" },
          name: { type: "string" },
          description: { type: "string" },
          versions: { type: "array", items: { type: "integer" } },
        },
      },
      InstanceList: {
        type: "object",
        required: ["items"],
        properties: {
          items: {
            type: "array",
            items: {
              type: "object",
              required: [
                "instanceId",
                "templateId",
                "templateVersion",
                "status",
                "starter",
                "createdAt",
              ],
              properties: {
                instanceId: { type: "string" },
                templateId: { type: "string" },
                templateVersion: { type: "integer" },
                status: { type: "string" },
                starter: { type: "string" },
                createdAt: { type: "string" },
                endedAt: { type: "string" },
              },
            },
          },
          cursor: { type: "string" },
        },
      },
      TemplateList: {
        type: "object",
        required: ["items"],
        properties: { items: { type: "array", items: ref("TemplateSummary") } },
      },
      Template: {
        allOf: [
          ref("TemplateSummary"),
          {
            type: "object",
            required: ["template", "mermaid"],
            properties: {
              template: {
                type: "object",
                description: "The template definition (schema/baton-template.schema.json).",
              },
              mermaid: { type: "string" },
            },
          },
        ],
      },
      Picture: {
        type: "object",
        required: ["instanceId", "mermaid"],
        properties: { instanceId: { type: "string" }, mermaid: { type: "string" } },
      },
      Audit: {
        type: "object",
        required: ["instanceId", "history", "seal"],
        properties: {
          instanceId: { type: "string" },
          history: { type: "array", items: ref("HistoryEntry") },
          seal: {
            type: "object",
            description:
              "The installation's HMAC over the tenant, instance, number of entries and last hash (`baton audit verify FILE --key`).",
            required: ["tenant", "instanceId", "entries", "head", "signature"],
            properties: {
              tenant: { type: "string" },
              instanceId: { type: "string" },
              entries: { type: "integer" },
              head: { type: "string" },
              signature: { type: "string" },
            },
          },
        },
      },
      HistoryEntry: {
        type: "object",
        description:
          "hash = SHA-256 of the canonical JSON of the entry without hash; prev = the previous hash.",
        required: ["seq", "at", "type", "detail", "prev", "hash"],
        properties: {
          seq: { type: "integer" },
          at: { type: "string" },
          type: { type: "string" },
          nodeId: { type: "string" },
          actor: { type: "string" },
          detail: { type: "object" },
          prev: { type: "string" },
          hash: { type: "string" },
        },
      },
      Inbox: {
        type: "object",
        required: ["items"],
        properties: {
          items: {
            type: "array",
            items: {
              type: "object",
              required: ["instanceId", "templateId", "createdAt"],
              properties: {
                approvalId: { type: "string" },
                instanceId: { type: "string" },
                nodeId: { type: "string" },
                templateId: { type: "string" },
                createdAt: { type: "string" },
                link: {
                  type: "string",
                  description: "To-do rows: the caller's own approval link.",
                },
              },
            },
          },
          cursor: { type: "string" },
        },
      },
      Decision: {
        type: "object",
        required: ["approvalId", "status", "actions", "updatedAt"],
        properties: {
          approvalId: { type: "string" },
          status: { enum: ["pending", "approved", "rejected", "timedOut", "withdrawn"] },
          actions: { type: "array", items: { type: "object" } },
          updatedAt: { type: "string" },
        },
      },
      Health: {
        type: "object",
        required: ["status", "checks"],
        properties: {
          status: { enum: ["ok", "failing"] },
          checks: {
            type: "object",
            required: ["store"],
            properties: { store: { enum: ["ok", "failing"] } },
          },
        },
      },
      CallbackAnswer: {
        type: "object",
        required: ["callbackId", "status"],
        properties: {
          callbackId: { type: "string" },
          status: { enum: ["waiting", "succeeded", "failed", "closed"] },
        },
      },
    },
  },
} as const;
