import type { ErrorObject, ValidateFunction } from "ajv";
import type { Ajv2020 } from "ajv/dist/2020.js";
import { OperationRefusedError } from "../core/contract/operation-refused-error.ts";
import type { JsonSchema } from "../core/model/template.ts";
import { createAjv } from "../core/schema/create-ajv.ts";
import { schemaErrorLines } from "../core/schema/schema-error-lines.ts";
import { precompiledRequestValidators } from "./precompiled-request-validators.ts";
import { requestSchemaName } from "./request-schemas.ts";

/** The Ajv that compiles what was not compiled at build time; made on its first compilation. */
let ajv: Ajv2020 | undefined;

/** The validator the bundle carries for `schema` (one of `REQUEST_SCHEMAS`), if any. */
function precompiled(schema: JsonSchema): ValidateFunction | undefined {
  const name = requestSchemaName(schema);
  return name === undefined ? undefined : precompiledRequestValidators()?.[name];
}

/** The longest field name repeated in an answer. */
const NAME_CHARS = 64;

function where(error: ErrorObject, root: string): string {
  return `${root}${error.instancePath.replaceAll("/", ".")}`;
}

function unknownField(error: ErrorObject, root: string): string {
  const name = String(error.params.additionalProperty).slice(0, NAME_CHARS);
  return `${where(error, root)}.${name}`;
}

/** ajv says "boolean schema is false" where a field may not be given at all. */
function notAllowedSaid(error: ErrorObject): ErrorObject {
  return error.keyword === "false schema" ? { ...error, message: "is not allowed here" } : error;
}

/**
 * A validator of one kind of request against its JSON Schema: returns the value typed, or
 * refuses `invalid` (400) with every problem in `details`; unknown fields are refused by name.
 * A schema of `REQUEST_SCHEMAS` is taken compiled at build time where the api function's
 * bundle carries it (`precompiledRequestValidators`); otherwise the schema is compiled with Ajv
 * on the validator's first use, so that nothing is compiled while the API loads.
 *
 * @param root - what the value is called in messages, e.g. `body` or `query`.
 * @example
 * const check = requestValidator<{ input: unknown }>(START_REQUEST_SCHEMA, "body");
 * const request = check(parseJsonBody(text));
 */
export function requestValidator<T>(schema: JsonSchema, root: string): (value: unknown) => T {
  let validate = precompiled(schema);
  return (value) => {
    if (validate === undefined) {
      ajv ??= createAjv();
      validate = ajv.compile(schema);
    }
    if (validate(value)) return value as T;
    const errors = (validate.errors ?? []).filter((error) => error.keyword !== "if");
    const unknown = errors
      .filter((error) => error.keyword === "additionalProperties")
      .map((error) => unknownField(error, root));
    if (unknown.length > 0) {
      throw new OperationRefusedError("invalid", `unknown fields: ${unknown.join(", ")}`, unknown);
    }
    const problems = [...new Set(schemaErrorLines(errors.map(notAllowedSaid), root))];
    throw new OperationRefusedError("invalid", `the ${root} is not valid`, problems);
  };
}
