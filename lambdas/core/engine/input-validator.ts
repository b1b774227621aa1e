import type { Template } from "../model/template.ts";
import type { SchemaValidators } from "../ports/schema-validators.ts";
import { schemaErrorLines } from "../schema/schema-error-lines.ts";
import { InputRefusedError } from "./input-refused-error.ts";

/**
 * Checks a start input against the template's `input` schema (SEMANTICS §3), throwing
 * {@link InputRefusedError} with every schema error when it does not fit; a template without
 * one takes any input.
 *
 * @example
 * assertValidInput(template, { memoryGb: 32, cluster: "sh-1" }, backend.schemas);
 */
export function assertValidInput(
  template: Template,
  input: unknown,
  schemas: SchemaValidators,
): void {
  if (!template.input) return;
  const validate = schemas.validator(template.input);
  if (validate(input)) return;
  throw new InputRefusedError(template.id, schemaErrorLines(validate.errors, "input"));
}
