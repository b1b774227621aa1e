import type { Template } from "../../../../core/model/template.ts";
import { parseSourceDocument } from "../../../../core/template/source-document.ts";
import type { Problem } from "../../../../core/validation/problem.ts";
import { validateTemplate } from "../../../../core/validation/validate-template.ts";
import { BROWSER_TEMPLATE_RULES } from "./browser-template-rules.ts";

/** A template's YAML text as the browser judges it: the template, or its problems with lines. */
export interface TemplateCheck {
  /** Present only when there is no problem. */
  template?: Template;
  problems: Problem[];
}

/**
 * What `loadTemplate(text, "….yaml")` answers, in a browser: the text parsed by the same YAML
 * reader and judged by every rule of `validateTemplate` ({@link BROWSER_TEMPLATE_RULES}), each
 * problem with its line, in line order.
 *
 * @example
 * checkTemplateText("id: leave\nversion: 1\n").problems[0]; // { rule: "schema", line: 1, … }
 */
export function checkTemplateText(text: string): TemplateCheck {
  const source = parseSourceDocument(text);
  if (source.problems.length > 0) return { problems: source.problems };
  const result = validateTemplate(source.value, source.lineOf, BROWSER_TEMPLATE_RULES);
  return result.ok ? { template: result.template, problems: [] } : { problems: result.problems };
}
