import metaSchemaValidator from "baton-schema:meta-2020-12";
import { createAjv, META_SCHEMA_2020_12 } from "../../../../core/schema/create-ajv.ts";
import type { UserSchemaCompiler } from "../../../../core/validation/rules/embedded-schema.ts";

/** Why the stand-in of an evaluated validator refuses to run. */
const NOT_EVALUATED = "this validator was only generated, not evaluated (the page's CSP)";

/**
 * Stands in for `Function` while Ajv compiles: Ajv generates a validator's code (resolving
 * every `$ref`, building every `pattern`, where a schema that does not compile fails) and then
 * evaluates it with `new Function`, which the page's Content-Security-Policy refuses. Whether a
 * schema compiles is settled before that last step, so the code is not evaluated.
 */
function GeneratedOnly(): () => () => never {
  return () => () => {
    throw new EvalError(NOT_EVALUATED);
  };
}

function withoutEvaluation<T>(run: () => T): T {
  const evaluate = globalThis.Function;
  globalThis.Function = GeneratedOnly as unknown as FunctionConstructor;
  try {
    return run();
  } finally {
    globalThis.Function = evaluate;
  }
}

/**
 * The `embedded-schema` rule's compiler in a browser: the same `createAjv` set-up as on the
 * server, a user schema checked against the 2020-12 meta-schema by the meta-schema's validator
 * compiled at build time, and compiled by Ajv up to (not including) evaluating the code. A
 * `$schema` other than 2020-12's is left to Ajv, which refuses unknown ones as on the server.
 *
 * @example
 * const rule = embeddedSchemaRule(browserUserSchemaCompiler);
 */
export function browserUserSchemaCompiler(): UserSchemaCompiler {
  const ajv = createAjv({ validateSchema: false });
  return {
    metaErrors(schema) {
      const named = schema.$schema;
      if (named === undefined || named === "" || named === META_SCHEMA_2020_12) {
        return metaSchemaValidator(schema) ? undefined : (metaSchemaValidator.errors ?? []);
      }
      return withoutEvaluation(() => (ajv.validateSchema(schema) ? undefined : (ajv.errors ?? [])));
    },
    compile(schema) {
      withoutEvaluation(() => ajv.compile(schema));
    },
  };
}
