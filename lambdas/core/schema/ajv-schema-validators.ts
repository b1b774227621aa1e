import type { ValidateFunction } from "ajv";
import type { Ajv2020 } from "ajv/dist/2020.js";
import type { JsonSchema } from "../model/template.ts";
import type { SchemaValidators } from "../ports/schema-validators.ts";
import { createAjv } from "./create-ajv.ts";

/**
 * Validators compiled by Ajv (`createAjv`) on their first use, each kept for its schema
 * object; Ajv itself is made on the first compilation, not as the code loads.
 *
 * @example
 * const schemas = ajvSchemaValidators();
 * schemas.validator({ type: "object", required: ["level"] })({}); // false
 */
export function ajvSchemaValidators(): SchemaValidators {
  let ajv: Ajv2020 | undefined;
  const compiled = new WeakMap<JsonSchema, ValidateFunction>();
  return {
    validator(schema) {
      let validate = compiled.get(schema);
      if (validate === undefined) {
        ajv ??= createAjv();
        validate = ajv.compile(schema);
        compiled.set(schema, validate);
      }
      return validate;
    },
  };
}
