import type { Ajv2020 } from "ajv/dist/2020.js";
import type { Template } from "../model/template.ts";
import { createAjv } from "../schema/create-ajv.ts";
import { schemaErrorLines } from "../schema/schema-error-lines.ts";
import { InputRefusedError } from "./input-refused-error.ts";

/** Made on the first input schema compiled, not as the module loads (the api's cold start). */
let ajv: Ajv2020 | undefined;
const validators = new WeakMap<Template, (input: unknown) => string[]>();

function compile(template: Template): (input: unknown) => string[] {
  if (!template.input) return () => [];
  ajv ??= createAjv();
  const validate = ajv.compile(template.input);
  return (input) => (validate(input) ? [] : schemaErrorLines(validate.errors, "input"));
}

/**
 * Checks a start input against the template's `input` schema (SEMANTICS §3), throwing
 * {@link InputRefusedError} with every schema error when it does not fit.
 *
 * @example
 * assertValidInput(template, { memoryGb: 32, cluster: "sh-1" });
 */
export function assertValidInput(template: Template, input: unknown): void {
  let validate = validators.get(template);
  if (!validate) {
    validate = compile(template);
    validators.set(template, validate);
  }
  const problems = validate(input);
  if (problems.length > 0) throw new InputRefusedError(template.id, problems);
}
