import type { RefusalCode } from "../core/contract/operation-refused-error.ts";

/**
 * The HTTP status of each refusal code.
 *
 * @example
 * ERROR_STATUS["not-found"]; // 404
 */
export const ERROR_STATUS = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  gone: 410,
  "too-large": 413,
} as const satisfies Record<RefusalCode, number>;
