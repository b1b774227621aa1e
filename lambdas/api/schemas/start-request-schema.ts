import { IDENTIFIER_SCHEMA } from "./identifier-schema.ts";

/** The body of `POST /v1/flows/{templateId}/instances`. */
export interface StartRequestBody {
  input: unknown;
  idempotencyKey?: string;
}

/**
 * JSON Schema of {@link StartRequestBody}; the input itself is checked against the template's
 * own schema by the start operation.
 *
 * @example
 * { "input": { "owner": "al" }, "idempotencyKey": "order-42" }
 */
export const START_REQUEST_SCHEMA = {
  type: "object",
  required: ["input"],
  additionalProperties: false,
  properties: {
    input: { description: "The start input, checked against the template's input schema." },
    idempotencyKey: {
      ...IDENTIFIER_SCHEMA,
      description: "A retried start with the same key returns the same instance.",
    },
  },
} as const;
