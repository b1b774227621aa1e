/**
 * How many bytes a value takes as JSON (UTF-8): what Baton's size limits count — start
 * inputs, form values, plugin outputs and reports.
 *
 * @example
 * jsonBytes({ name: "李" }); // 14
 */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value ?? null));
}
