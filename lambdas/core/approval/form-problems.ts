import type { ValidateFunction } from "ajv";
import type { Ajv2020 } from "ajv/dist/2020.js";
import type { JsonSchema } from "../model/template.ts";
import { createAjv } from "../schema/create-ajv.ts";
import { schemaErrorLines } from "../schema/schema-error-lines.ts";

/** Made on the first form compiled, not as the module loads (the api's cold start). */
let ajv: Ajv2020 | undefined;
const validators = new WeakMap<object, ValidateFunction>();

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
    ajv ??= createAjv();
    validate = ajv.compile(form as object);
    validators.set(form as object, validate);
  }
  if (validate(values)) return [];
  return schemaErrorLines(validate.errors, "form");
}
