/**
 * JSON Schema of the body of `POST /v1/instances/{id}/cancel`: nothing, or an empty object.
 *
 * @example
 * {}
 */
export const CANCEL_REQUEST_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {},
} as const;
