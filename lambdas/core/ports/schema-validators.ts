import type { ValidateFunction } from "ajv";
import type { JsonSchema } from "../model/template.ts";

/**
 * Where the validators of JSON Schemas come from — the requests' schemas and the templates'
 * `input` and `form` schemas: compiled by Ajv when first asked for (`ajvSchemaValidators`:
 * the embedded engine, the reference engine), or compiled when the bundle was built
 * (`bundledSchemaValidators`: the api and pages functions; the api's bundle carries no Ajv
 * compiler). Either way the
 * same Ajv set-up (`createAjv`), so the verdicts and errors are the same.
 *
 * @example
 * const validate = backend.schemas.validator({ type: "number" });
 * validate("3"); // false, with validate.errors
 */
export interface SchemaValidators {
  /** The validator of `schema`, the same function each time it is asked for. */
  validator(schema: JsonSchema): ValidateFunction;
}
