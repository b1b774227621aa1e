import type { ErrorObject } from "ajv";

/**
 * One line per ajv error, for people: where (`root` and the instance path in dots), what is
 * wrong (ajv's message, or "is invalid"), and for an unexpected property its name after a
 * colon.
 *
 * @param root - what the validated value is called, e.g. `input`, `form` or `body`.
 * @example
 * schemaErrorLines(validate.errors, "input");
 * // ["input.memoryGb must be number", "input must NOT have additional properties: extra"]
 */
export function schemaErrorLines(
  errors: readonly ErrorObject[] | null | undefined,
  root: string,
): string[] {
  return (errors ?? []).map((error) => {
    const extra = error.params.additionalProperty;
    const named = typeof extra === "string" ? `: ${extra}` : "";
    return `${root}${error.instancePath.replaceAll("/", ".")} ${error.message ?? "is invalid"}${named}`;
  });
}
