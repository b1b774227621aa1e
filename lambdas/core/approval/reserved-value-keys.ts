/**
 * Keys a decision's values may not have: each names, or leads to, an object's prototype when
 * values are merged or read as paths. The API refuses form values with one
 * ({@link decisionValuesRefusal}), and an approval's output drops them.
 *
 * @example
 * RESERVED_VALUE_KEYS.has("__proto__"); // true
 */
export const RESERVED_VALUE_KEYS: ReadonlySet<string> = new Set([
  "__proto__",
  "constructor",
  "prototype",
]);
