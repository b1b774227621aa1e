import type { JsonSchema, Template } from "../model/template.ts";

/**
 * The JSON Schemas a template version's instances are checked against: its `input` (a start)
 * and each approval node's `form` (a decision) — what a bundle compiles ahead for the
 * templates it is deployed with.
 *
 * @example
 * templateSchemas(template); // [template.input, reviewNode.form]
 */
export function templateSchemas(template: Template): JsonSchema[] {
  return [
    ...(template.input === undefined ? [] : [template.input]),
    ...template.nodes.flatMap((node) =>
      node.type === "approval" && node.form !== undefined ? [node.form] : [],
    ),
  ];
}
