import type { Hono } from "hono";
import type { Backend } from "../../core/backend/backend.ts";
import { OperationRefusedError } from "../../core/contract/operation-refused-error.ts";
import { isCheckedId } from "../../core/operations/checked-id.ts";
import { type CallbackReport, reportCallback } from "../../core/operations/report-callback.ts";
import {
  CALLBACK_SIGNATURE_HEADER,
  CALLBACK_SIGNATURE_REFUSALS,
  callbackSignatureProblem,
} from "../../core/security/callback-signature.ts";
import type { ApiEnv } from "../api-env.ts";
import { parseJsonBody } from "../parse-json-body.ts";
import { pathId } from "../path-ids.ts";
import { readBody } from "../read-body.ts";
import { requestValidator } from "../request-validator.ts";
import { CALLBACK_REPORT_SCHEMA } from "../schemas/callback-report-schema.ts";

/** The tenant of a callback whose URL names none (single-tenant installations). */
const DEFAULT_CALLBACK_TENANT = "default";

const callbackReport = requestValidator<CallbackReport>(CALLBACK_REPORT_SCHEMA, "body");

/**
 * `POST /v1/callbacks/{id}`: a plugin reports on a callback task. Callbacks come from plugins,
 * not people, so no identity resolver runs: the report must carry the installation's HMAC
 * signature in `x-baton-signature`, `t=<unix seconds>,sha256=<hex>` over the signing time, the
 * tenant, the callback id and the raw body, made within 300 s of the engine's clock either way
 * (401 otherwise, checked before the body is parsed), so a signed report cannot be replayed on
 * another callback nor, a heartbeat included, long after it was sent. The tenant is `default`
 * unless the URL says `?tenant=`. A report delivered again is answered 200 with what the first
 * one settled.
 *
 * @example
 * callbackRoutes(app, backend);
 */
export function callbackRoutes(app: Hono<ApiEnv>, backend: Backend): void {
  app.post("/v1/callbacks/:id", async (c) => {
    const callbackId = pathId("callback", c.req.param("id"));
    const query = c.req.queries();
    const unknown = Object.keys(query).filter((name) => name !== "tenant");
    const tenants = query.tenant ?? [DEFAULT_CALLBACK_TENANT];
    const tenant = tenants[0];
    if (unknown.length > 0 || tenants.length !== 1 || !isCheckedId(tenant)) {
      throw new OperationRefusedError("invalid", "the only query parameter is one tenant id");
    }
    const raw = await readBody(c.req.raw);
    const signature = c.req.header(CALLBACK_SIGNATURE_HEADER);
    const problem = callbackSignatureProblem(
      backend.secrets.callbackKey,
      { tenant, callbackId },
      raw,
      signature,
      Math.floor(backend.clock.now().getTime() / 1000),
    );
    if (problem) {
      throw new OperationRefusedError("unauthenticated", CALLBACK_SIGNATURE_REFUSALS[problem]);
    }
    const report = callbackReport(parseJsonBody(raw), backend.schemas);
    return c.json(await reportCallback(backend, tenant, callbackId, report));
  });
}
