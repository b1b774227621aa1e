import type { Template, TemplateDocument } from "../model/template.ts";
import { withTemplateDefaults } from "../model/template-defaults.ts";
import type { Problem } from "./problem.ts";
import { TEMPLATE_RULES } from "./template-rules.ts";
import { isRecord } from "./template-view.ts";
import type { ValidationRule } from "./validation-rule.ts";

/** Finds the 1-based source line of a document path, when the document came from text. */
export type LocatePath = (path: (string | number)[]) => number | undefined;

/** The verdict on a document: a template, or every problem that refuses it. */
export type TemplateValidation =
  | { ok: true; template: Template }
  | { ok: false; problems: Problem[] };

/**
 * Checks an untrusted document (parsed YAML or JSON) against every rule of SEMANTICS §2 and
 * returns the template, with the defaults of the fields it leaves out written in
 * (`withTemplateDefaults`), or all problems at once. Never throws: a rule that fails unexpectedly
 * becomes a problem of its own. With a locator, each problem gets its line and the list is
 * ordered by line.
 *
 * @example
 * const source = parseSourceDocument(text);
 * const result = validateTemplate(source.value, source.lineOf);
 * if (!result.ok) for (const p of result.problems) console.log(p.line, p.rule, p.message);
 *
 * @param rules - the rules to run
 * @default TEMPLATE_RULES
 */
export function validateTemplate(
  document: unknown,
  locate?: LocatePath,
  rules: readonly ValidationRule[] = TEMPLATE_RULES,
): TemplateValidation {
  const problems: Problem[] = [];
  for (const rule of rules) {
    try {
      problems.push(...rule.check(document));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push({ rule: rule.id, message: `the rule could not run: ${reason}`, path: [] });
    }
  }
  if (problems.length === 0 && isRecord(document)) {
    const { $schema: _editorHint, ...template } = document;
    return { ok: true, template: withTemplateDefaults(template as unknown as TemplateDocument) };
  }
  if (problems.length === 0) {
    problems.push({ rule: "schema", message: "the template must be an object", path: [] });
  }
  if (!locate) return { ok: false, problems };
  for (const problem of problems) {
    const line = locate(problem.path);
    if (line !== undefined) problem.line = line;
  }
  const order = (problem: Problem) => problem.line ?? Number.POSITIVE_INFINITY;
  return { ok: false, problems: problems.sort((a, b) => order(a) - order(b)) };
}
