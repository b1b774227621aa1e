import type { JsonSchema } from "../model/template.ts";
import { createAjv } from "../schema/create-ajv.ts";
import { schemaErrorLines } from "../schema/schema-error-lines.ts";

const ajv = createAjv();
const validators = new WeakMap<object, ReturnType<typeof ajv.compile>>();

/**
 * What is wrong with a decision's form values under the node's `form` schema: one line per
 * error, empty when they fit.
 *
 * @example
 * formProblems({ type: "object", required: ["level"] }, {}); // ["form must have required property 'level'"]
 */
export function formProblems(form: JsonSchema, values: unknown): string[] {
  let validate = validators.get(form as object);
  if (!validate) {
    validate = ajv.compile(form as object);
    validators.set(form as object, validate);
  }
  if (validate(values)) return [];
  return schemaErrorLines(validate.errors, "form");
}
