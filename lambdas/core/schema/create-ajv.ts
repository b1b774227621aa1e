import { Ajv2020, type Options } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

/** The JSON Schema 2020-12 meta-schema, the default `$schema` of user schemas (`input`, `form`). */
export const META_SCHEMA_2020_12 = "https://json-schema.org/draft/2020-12/schema";

/**
 * A JSON Schema 2020-12 validator with the standard formats (`date-time`, `email`, `uri`, …),
 * reporting every error, keeping no schema registered between compilations (templates may
 * reuse `$id`s), and logging nothing.
 *
 * @example
 * const validate = createAjv().compile({ type: "number" });
 * validate("3"); // false
 *
 * @param extra - options added to these (code generation for standalone code, no meta-schema
 *   check inside `compile`), never ones that change what a schema accepts. @default none
 */
export function createAjv(extra: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    logger: false,
    addUsedSchema: false,
    ...extra,
  });
  addFormatsModule.default(ajv);
  return ajv;
}
