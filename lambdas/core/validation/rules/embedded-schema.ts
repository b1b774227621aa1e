import { createAjv } from "../../schema/create-ajv.ts";
import type { Problem } from "../problem.ts";
import { nodeSubject } from "../problem-subjects.ts";
import { field, isRecord, readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "embedded-schema";

/**
 * SEMANTICS §3, §5: the template's `input` and each approval's `form` are JSON Schemas
 * (2020-12) that compile, so a flow never fails at start because its own schema is broken.
 */
export const embeddedSchema: ValidationRule = {
  id: ID,
  description:
    "The template's `input` and each approval's `form` are valid JSON Schemas (2020-12) that compile.",
  check(document) {
    const targets: { schema: unknown; name: string; path: (string | number)[]; node?: string }[] =
      [];
    const input = field(document, "input");
    if (isRecord(input)) targets.push({ schema: input, name: "template: input", path: ["input"] });
    for (const node of readTemplateView(document).nodes) {
      const form = node.raw.form;
      if (node.type !== "approval" || !isRecord(form)) continue;
      targets.push({
        schema: form,
        name: `${nodeSubject(node)}: form`,
        path: ["nodes", node.index, "form"],
        node: node.id,
      });
    }
    const problems: Problem[] = [];
    for (const target of targets) {
      const refusal = schemaRefusal(target.schema as Record<string, unknown>);
      if (!refusal) continue;
      const problem: Problem = {
        rule: ID,
        message: `${target.name} is not a valid JSON Schema: ${refusal.reason}`,
        path: [...target.path, ...refusal.at],
      };
      if (target.node) problem.node = target.node;
      problems.push(problem);
    }
    return problems;
  },
};

/**
 * Why a schema is refused, or `undefined` when it compiles with the same Ajv set-up that checks
 * start inputs and form values, so a template that passes here never fails there.
 */
function schemaRefusal(
  schema: Record<string, unknown>,
): { reason: string; at: string[] } | undefined {
  const ajv = createAjv();
  try {
    if (!ajv.validateSchema(schema)) {
      const first = ajv.errors?.[0];
      const pointer = first?.instancePath ?? "";
      const at = pointer === "" ? [] : pointer.slice(1).split("/").map(unescapePointer);
      const allowed = first?.params.allowedValues;
      const list = Array.isArray(allowed) ? ` (${allowed.map(String).join(", ")})` : "";
      const where = at.length > 0 ? `${at.join(".")} ` : "";
      return { reason: `${where}${first?.message ?? "does not match the meta-schema"}${list}`, at };
    }
    ajv.compile(schema);
    return undefined;
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error), at: [] };
  }
}

function unescapePointer(segment: string): string {
  return segment.replaceAll("~1", "/").replaceAll("~0", "~");
}
