import { Ajv2020, type Options } from "ajv/dist/2020.js";
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
    compiled ??= batonSchemaAjv().compile(schema);
    return compiled;
  };
}

/**
 * The Ajv set-up {@link batonSchemaValidator} compiles Baton's own schemas with (strict,
 * verbose, every error, the formats, the editor message keywords).
 *
 * @example
 * const ajv = batonSchemaAjv({ code: { source: true, esm: true } });
 * standaloneCode(ajv, ajv.compile(templateSchema)); // the same validator as code
 *
 * @param extra - options added to these that change no verdict (code generation). @default none
 */
export function batonSchemaAjv(extra: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    strictRequired: false,
    ...extra,
  });
  addFormatsModule.default(ajv);
  ajv.addKeyword("patternErrorMessage");
  ajv.addKeyword("errorMessage");
  return ajv;
}
