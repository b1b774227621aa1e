import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

/** A compiled validator of one of Baton's own schemas. */
export type BatonSchemaValidator = ReturnType<Ajv2020["compile"]>;

/**
 * The validator of one of Baton's own JSON Schemas (`schema/*.schema.json`), compiled on first
 * use and kept: strict (the schemas must be exact), every error reported with its data
 * (`verbose`), the standard formats, and the message keywords the schemas carry for editors
 * (`patternErrorMessage`, `errorMessage`) declared. User schemas (an `input` or `form`) go
 * through `createAjv` instead.
 *
 * @example
 * const pluginsValidator = batonSchemaValidator(pluginsSchema);
 * pluginsValidator()(document); // true or false, errors on .errors
 */
export function batonSchemaValidator(schema: object): () => BatonSchemaValidator {
  let compiled: BatonSchemaValidator | undefined;
  return () => {
    if (!compiled) {
      const ajv = new Ajv2020({
        allErrors: true,
        verbose: true,
        strict: true,
        strictRequired: false,
      });
      addFormatsModule.default(ajv);
      ajv.addKeyword("patternErrorMessage");
      ajv.addKeyword("errorMessage");
      compiled = ajv.compile(schema);
    }
    return compiled;
  };
}
