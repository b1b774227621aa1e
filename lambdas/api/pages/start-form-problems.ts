import type { JsonSchema } from "../../core/model/template.ts";
import { type StartField, startFormFields } from "./start-form-fields.ts";

/** One problem the schema check found with a start input, with the field it is about. */
export interface StartProblem {
  /** The dotted path of the field it is about, when it names one. */
  path?: string;
  /** That field's label. */
  label?: string;
  /** The problem as the check wrote it (`input.memoryGb must be number`). */
  message: string;
}

function flat(fields: readonly StartField[]): StartField[] {
  return fields.flatMap((field) =>
    field.kind === "group" ? [field, ...flat(field.fields)] : [field],
  );
}

/** The path a problem line is about: `input.a.b …`, or a missing `required property 'c'` of it. */
function pathOf(message: string): string | undefined {
  const at = /^input((?:\.[^ ]+)?) /.exec(message);
  if (!at) return undefined;
  const where = (at[1] ?? "").slice(1);
  const missing = /must have required property '([^']+)'$/.exec(message)?.[1];
  if (missing === undefined) return where;
  return where === "" ? missing : `${where}.${missing}`;
}

/**
 * Names the field of each problem line the start's schema check wrote (`input.{path} …`, or a
 * missing required property): the deepest field of the form whose path holds the problem's
 * (`input.segments.0.name` is the `segments` field's). A line about no field (an `if`/`then` of
 * the whole input, an unexpected property) keeps no path, and is shown above the form only.
 *
 * @example
 * startProblems(schema, ["input.memoryGb must be number"]);
 * // [{ path: "memoryGb", label: "memoryGb", message: "input.memoryGb must be number" }]
 */
export function startProblems(
  schema: JsonSchema | undefined,
  problems: readonly string[],
): StartProblem[] {
  const fields = flat(startFormFields(schema)).sort((a, b) => b.path.length - a.path.length);
  return problems.map((message) => {
    const path = pathOf(message);
    const field =
      path === undefined
        ? undefined
        : fields.find(
            (candidate) => path === candidate.path || path.startsWith(`${candidate.path}.`),
          );
    return field ? { path: field.path, label: field.label, message } : { message };
  });
}
