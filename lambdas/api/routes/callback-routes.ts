import type { Hono } from "hono";
import type { Backend } from "../../core/backend/backend.ts";
import { OperationRefusedError } from "../../core/contract/operation-refused-error.ts";
import { type CallbackReport, reportCallback } from "../../core/operations/report-callback.ts";
import {
  CALLBACK_SIGNATURE_HEADER,
  verifyCallback,
} from "../../core/security/callback-signature.ts";
import type { ApiEnv } from "../api-env.ts";
import { isIdentityId } from "../identity.ts";
import { parseJsonBody } from "../parse-json-body.ts";
import { pathId } from "../path-ids.ts";
import { readBody } from "../read-body.ts";
import { requestValidator } from "../request-validator.ts";
import { CALLBACK_REPORT_SCHEMA } from "../schemas/callback-report-schema.ts";

/** The tenant of a callback whose URL names none (single-tenant installations). */
export const DEFAULT_CALLBACK_TENANT = "default";

const callbackReport = requestValidator<CallbackReport>(CALLBACK_REPORT_SCHEMA, "body");

/**
 * `POST /v1/callbacks/{id}`: a plugin reports on a callback task. Callbacks come from plugins,
 * not people, so no identity resolver runs: the raw body must carry the installation's HMAC
 * signature in `x-baton-signature` (401 otherwise, checked before the body is parsed). The
 * tenant is `default` unless the URL says `?tenant=`; it only tells where to look (the key is
 * the installation's, and a callback id of another tenant is simply not found). A report
 * delivered again is answered 200 with what the first one settled.
 *
 * @example
 * callbackRoutes(app, backend);
 */
export function callbackRoutes(app: Hono<ApiEnv>, backend: Backend): void {
  app.post("/v1/callbacks/:id", async (c) => {
    const callbackId = pathId("callback", c.req.param("id"));
    const raw = await readBody(c.req.raw);
    if (
      !verifyCallback(backend.secrets.callbackKey, raw, c.req.header(CALLBACK_SIGNATURE_HEADER))
    ) {
      throw new OperationRefusedError("unauthenticated", "the callback signature does not hold");
    }
    const query = c.req.queries();
    const unknown = Object.keys(query).filter((name) => name !== "tenant");
    const tenant = query.tenant ?? [DEFAULT_CALLBACK_TENANT];
    if (unknown.length > 0 || tenant.length !== 1 || !isIdentityId(tenant[0])) {
      throw new OperationRefusedError("invalid", "the only query parameter is one tenant id");
    }
    const report = callbackReport(parseJsonBody(raw));
    return c.json(await reportCallback(backend, tenant[0], callbackId, report));
  });
}
