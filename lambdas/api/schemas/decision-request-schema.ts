import { MAX_COMMENT_CHARS } from "../../core/operations/decision-request.ts";
import { IDENTIFIER_SCHEMA } from "./identifier-schema.ts";

const onlyFor = (actions: string[], then: object) => ({
  if: { properties: { action: { enum: actions } }, required: ["action"] },
  then,
});

/**
 * JSON Schema of the body of `POST /v1/approvals/{approvalId}/decision` (a
 * `DecisionRequest`): `form` only with approve or reject, `to` with transfer, `user` and
 * `position` with addSign.
 *
 * @example
 * { "action": "approve", "comment": "ok", "form": { "level": 2 } }
 * { "action": "transfer", "to": "bo" }
 */
export const DECISION_REQUEST_SCHEMA = {
  type: "object",
  required: ["action"],
  additionalProperties: false,
  properties: {
    action: { enum: ["approve", "reject", "transfer", "addSign", "remind"] },
    comment: { type: "string", maxLength: MAX_COMMENT_CHARS },
    form: { type: "object", description: "Values for the node's form schema." },
    to: { ...IDENTIFIER_SCHEMA, description: "Transfer: who takes the seat." },
    user: { ...IDENTIFIER_SCHEMA, description: "Add-sign: who is added." },
    position: { enum: ["before", "after"], description: "Add-sign: before or after the caller." },
  },
  allOf: [
    onlyFor(["approve", "reject"], { properties: { to: false, user: false, position: false } }),
    onlyFor(["transfer"], {
      required: ["to"],
      properties: { form: false, user: false, position: false },
    }),
    onlyFor(["addSign"], {
      required: ["user", "position"],
      properties: { form: false, to: false },
    }),
    onlyFor(["remind"], { properties: { form: false, to: false, user: false, position: false } }),
  ],
} as const;
