import templateSchema from "../../../../schema/baton-template.schema.json" with { type: "json" };
import { batonSchemaValidator } from "../../schema/baton-schema-validator.ts";
import type { Problem } from "../problem.ts";
import { describeSchemaError } from "../schema-error-message.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "schema";

/** Durations are reported, with a better message, by the `duration` rule. */
const LEFT_TO_OTHER_RULES = "#/$defs/duration/";

/** Compiled once, on first use. */
const templateValidator = batonSchemaValidator(templateSchema);

/**
 * SEMANTICS §1, §2, §5, §6: the document has the shape of `schema/baton-template.schema.json`
 * (fields, types, node types and their type-specific fields).
 */
export const schema: ValidationRule = {
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
