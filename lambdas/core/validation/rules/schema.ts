import type { ErrorObject } from "ajv";
import templateSchema from "../../../../schema/baton-template.schema.json" with { type: "json" };
import { batonSchemaValidator } from "../../schema/baton-schema-validator.ts";
import type { Problem } from "../problem.ts";
import { describeSchemaError } from "../schema-error-message.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "schema";

/** Durations are reported, with a better message, by the `duration` rule. */
const LEFT_TO_OTHER_RULES = "#/$defs/duration/";

/**
 * A validator of `schema/baton-template.schema.json` as Ajv makes it with Baton's options
 * (`batonSchemaValidator`): compiled at run time, or ahead of time as standalone code for a
 * browser, whose Content-Security-Policy refuses the evaluation Ajv compiles with.
 */
export interface TemplateSchemaValidator {
  (document: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * The `schema` rule over a given validator of the template schema; {@link schema} is this rule
 * over the validator Ajv compiles at run time.
 *
 * @example
 * const rule = schemaRule(() => precompiledTemplateValidator);
 * rule.check({ id: "x" }); // the schema problems, as `schema` reports them
 */
export function schemaRule(templateValidator: () => TemplateSchemaValidator): ValidationRule {
  return {
    id: ID,
    description:
      "The document matches schema/baton-template.schema.json: known fields only, right types, and each node type's own fields.",
    check(document) {
      if (document === null || document === undefined) {
        return [
          {
            rule: ID,
            message:
              "the document is empty; a template is an object with id, version, nodes and edges",
            path: [],
          },
        ];
      }
      const validate = templateValidator();
      if (validate(document)) return [];
      const problems: Problem[] = [];
      const seen = new Set<string>();
      for (const error of validate.errors ?? []) {
        if (error.schemaPath.startsWith(LEFT_TO_OTHER_RULES)) continue;
        const problem = describeSchemaError(error, document, ID);
        if (!problem) continue;
        const key = JSON.stringify([problem.path, problem.message]);
        if (seen.has(key)) continue;
        seen.add(key);
        problems.push(problem);
      }
      return problems;
    },
  };
}

/**
 * SEMANTICS §1, §2, §5, §6: the document has the shape of `schema/baton-template.schema.json`
 * (fields, types, node types and their type-specific fields). The validator is compiled once,
 * on first use.
 */
export const schema: ValidationRule = schemaRule(batonSchemaValidator(templateSchema));
