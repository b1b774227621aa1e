import type { JsonSchema } from "../model/template.ts";
import type { SchemaValidators } from "../ports/schema-validators.ts";
import { schemaErrorLines } from "../schema/schema-error-lines.ts";

/**
 * What is wrong with a decision's form values under the node's `form` schema: one line per
 * error, empty when they fit.
 *
 * @example
 * formProblems({ type: "object", required: ["level"] }, {}, backend.schemas); // ["form must have required property 'level'"]
 */
export function formProblems(
  form: JsonSchema,
  values: unknown,
  schemas: SchemaValidators,
): string[] {
  const validate = schemas.validator(form);
  if (validate(values)) return [];
  return schemaErrorLines(validate.errors, "form");
}
