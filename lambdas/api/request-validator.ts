import type { ErrorObject } from "ajv";
import { OperationRefusedError } from "../core/contract/operation-refused-error.ts";
import type { JsonSchema } from "../core/model/template.ts";
import type { SchemaValidators } from "../core/ports/schema-validators.ts";
import { schemaErrorLines } from "../core/schema/schema-error-lines.ts";

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
 * The schema's validator comes from the backend's `schemas` (compiled at build time in the api
 * function's bundle, by Ajv on first use elsewhere), so nothing is compiled while the API loads.
 *
 * @param root - what the value is called in messages, e.g. `body` or `query`.
 * @example
 * const check = requestValidator<{ input: unknown }>(START_REQUEST_SCHEMA, "body");
 * const request = check(parseJsonBody(text), backend.schemas);
 */
export function requestValidator<T>(
  schema: JsonSchema,
  root: string,
): (value: unknown, schemas: SchemaValidators) => T {
  return (value, schemas) => {
    const validate = schemas.validator(schema);
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
