import { OperationRefusedError } from "../contract/operation-refused-error.ts";

const ID = /^[A-Za-z0-9._@+-]{1,128}$/;

/**
 * Refuses an id that cannot go into a table key (tenants, users, idempotency keys): 1–128
 * characters of letters, digits and `. _ @ + -`.
 *
 * @example
 * checkedId("user", "al@example.com"); // "al@example.com"
 */
export function checkedId(what: string, value: unknown): string {
  if (typeof value !== "string" || !ID.test(value)) {
    throw new OperationRefusedError(
      "invalid",
      `${what} must be 1-128 letters, digits or . _ @ + -`,
    );
  }
  return value;
}
