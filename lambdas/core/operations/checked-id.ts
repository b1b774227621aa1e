import { OperationRefusedError } from "../contract/operation-refused-error.ts";

/**
 * The rule for an id that goes into a table key (tenants, users, idempotency keys, callback
 * ids): 1–128 letters, digits or `. _ @ + -`.
 *
 * @example
 * { type: "string", pattern: CHECKED_ID.source }
 */
export const CHECKED_ID = /^[A-Za-z0-9._@+-]{1,128}$/;

/**
 * Whether a value is a string that follows {@link CHECKED_ID}.
 *
 * @example
 * isCheckedId("al@example.com"); // true
 */
export function isCheckedId(value: unknown): value is string {
  return typeof value === "string" && CHECKED_ID.test(value);
}

/**
 * Refuses an id that cannot go into a table key (tenants, users, idempotency keys): 1–128
 * characters of letters, digits and `. _ @ + -`.
 *
 * @example
 * checkedId("user", "al@example.com"); // "al@example.com"
 */
export function checkedId(what: string, value: unknown): string {
  if (!isCheckedId(value)) {
    throw new OperationRefusedError(
      "invalid",
      `${what} must be 1-128 letters, digits or . _ @ + -`,
    );
  }
  return value;
}
