import type { ValidateFunction } from "ajv";
import type { JsonSchema } from "../core/model/template.ts";
import type { SchemaValidators } from "../core/ports/schema-validators.ts";
import { schemaKey } from "../core/schema/schema-key.ts";
import { SchemaNotCompiledError } from "./schema-not-compiled-error.ts";

/** Validators compiled at build time, by {@link schemaKey}. */
export type CompiledSchemaValidators = Readonly<Record<string, ValidateFunction>>;

/**
 * Bound in the bundles of the functions that check schemas: esbuild injects Ajv's standalone
 * code of every request schema and of the deployed templates' `input` and `form` schemas under
 * this name (`schemaValidatorsInjection` in `cdk/precompiled-schema-validators.ts`). Run from
 * source, nothing binds it.
 */
declare const BATON_SCHEMA_VALIDATORS: CompiledSchemaValidators | undefined;

/**
 * The validators compiled when the bundle was built, found by their schema's content
 * (`schemaKey`): nothing is compiled at run time, so the bundle needs no Ajv compiler. A
 * schema the build did not compile is refused with {@link SchemaNotCompiledError}: the bundle
 * and its `templates.json` are not of one build.
 *
 * @example
 * const schemas = bundledSchemaValidators();
 * schemas.validator(template.input)(input);
 */
export function bundledSchemaValidators(): SchemaValidators {
  const compiled = typeof BATON_SCHEMA_VALIDATORS === "undefined" ? {} : BATON_SCHEMA_VALIDATORS;
  const found = new WeakMap<JsonSchema, ValidateFunction>();
  return {
    validator(schema) {
      let validate = found.get(schema);
      if (validate === undefined) {
        const key = schemaKey(schema);
        validate = compiled[key];
        if (validate === undefined) throw new SchemaNotCompiledError(key);
        found.set(schema, validate);
      }
      return validate;
    },
  };
}
