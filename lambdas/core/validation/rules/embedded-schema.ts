import type { ErrorObject } from "ajv";
import { createAjv } from "../../schema/create-ajv.ts";
import type { Problem } from "../problem.ts";
import { nodeSubject } from "../problem-subjects.ts";
import { field, isRecord, readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "embedded-schema";

/**
 * How a user schema is judged: Ajv's two steps, as the `createAjv` set-up that checks start
 * inputs and form values takes them. Both may throw, as Ajv does (an unknown `$schema`, an
 * unresolvable `$ref`); a throw refuses the schema with its message.
 */
export interface UserSchemaCompiler {
  /** The errors of the schema against its meta-schema, or `undefined` when it is valid. */
  metaErrors(schema: Record<string, unknown>): ErrorObject[] | undefined;
  /** Compiles a schema that passed its meta-schema; throws when it does not compile. */
  compile(schema: Record<string, unknown>): void;
}

/**
 * A fresh {@link UserSchemaCompiler} on `createAjv` for each schema (templates may reuse `$id`s):
 * what {@link embeddedSchema} judges with.
 *
 * @example
 * const compiler = ajvUserSchemaCompiler();
 * compiler.metaErrors({ type: "nothing" }); // [{ instancePath: "/type", … }]
 */
export function ajvUserSchemaCompiler(): UserSchemaCompiler {
  const ajv = createAjv();
  return {
    metaErrors: (schema) => (ajv.validateSchema(schema) ? undefined : (ajv.errors ?? [])),
    compile: (schema) => {
      ajv.compile(schema);
    },
  };
}

/**
 * The `embedded-schema` rule judging with the compilers `compiler` makes, one per schema;
 * {@link embeddedSchema} is this rule with {@link ajvUserSchemaCompiler}.
 *
 * @example
 * const rule = embeddedSchemaRule(browserUserSchemaCompiler);
 */
export function embeddedSchemaRule(compiler: () => UserSchemaCompiler): ValidationRule {
  return {
    id: ID,
    description:
      "The template's `input` and each approval's `form` are valid JSON Schemas (2020-12) that compile.",
    check(document) {
      const targets: { schema: unknown; name: string; path: (string | number)[]; node?: string }[] =
        [];
      const input = field(document, "input");
      if (isRecord(input))
        targets.push({ schema: input, name: "template: input", path: ["input"] });
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
        const refusal = schemaRefusal(target.schema as Record<string, unknown>, compiler());
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
}

/**
 * SEMANTICS §3, §5: the template's `input` and each approval's `form` are JSON Schemas
 * (2020-12) that compile, so a flow never fails at start because its own schema is broken.
 */
export const embeddedSchema: ValidationRule = embeddedSchemaRule(ajvUserSchemaCompiler);

/**
 * Why a schema is refused, or `undefined` when it compiles with the same Ajv set-up that checks
 * start inputs and form values, so a template that passes here never fails there.
 */
function schemaRefusal(
  schema: Record<string, unknown>,
  compiler: UserSchemaCompiler,
): { reason: string; at: string[] } | undefined {
  try {
    const errors = compiler.metaErrors(schema);
    if (errors) {
      const first = errors[0];
      const pointer = first?.instancePath ?? "";
      const at = pointer === "" ? [] : pointer.slice(1).split("/").map(unescapePointer);
      const allowed = first?.params.allowedValues;
      const list = Array.isArray(allowed) ? ` (${allowed.map(String).join(", ")})` : "";
      const where = at.length > 0 ? `${at.join(".")} ` : "";
      return { reason: `${where}${first?.message ?? "does not match the meta-schema"}${list}`, at };
    }
    compiler.compile(schema);
    return undefined;
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error), at: [] };
  }
}

function unescapePointer(segment: string): string {
  return segment.replaceAll("~1", "/").replaceAll("~0", "~");
}
