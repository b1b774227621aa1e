import { Ajv2020 } from "ajv/dist/2020.js";
import type { Template } from "../model/template.ts";
import { InputRefusedError } from "./input-refused-error.ts";

const ajv = new Ajv2020({ allErrors: true, strict: false, addUsedSchema: false });
const validators = new WeakMap<Template, (input: unknown) => string[]>();

function compile(template: Template): (input: unknown) => string[] {
  if (!template.input) return () => [];
  const validate = ajv.compile(template.input);
  return (input) =>
    validate(input)
      ? []
      : (validate.errors ?? []).map((error) => `input${error.instancePath} ${error.message ?? ""}`);
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
