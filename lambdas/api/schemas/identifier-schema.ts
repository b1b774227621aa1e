import { CHECKED_ID } from "../../core/operations/checked-id.ts";

/**
 * An id that goes into a table key (users, idempotency keys): the operations' rule.
 *
 * @example
 * { properties: { to: IDENTIFIER_SCHEMA } }
 */
export const IDENTIFIER_SCHEMA = {
  type: "string",
  pattern: CHECKED_ID.source,
} as const;
