/**
 * An id that goes into a table key (users, idempotency keys): the operations' rule.
 *
 * @example
 * { properties: { to: IDENTIFIER_SCHEMA } }
 */
export const IDENTIFIER_SCHEMA = {
  type: "string",
  pattern: "^[A-Za-z0-9._@+-]{1,128}$",
} as const;
