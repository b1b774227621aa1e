import type { Template } from "../model/template.ts";
import type { Problem } from "../validation/problem.ts";
import { validateTemplate } from "../validation/validate-template.ts";
import { parseSourceDocument } from "./source-document.ts";

/** A template file after parsing and validation: the template, or the problems refusing it. */
export interface LoadedTemplate {
  /** Present only when there is no problem. */
  template?: Template;
  problems: Problem[];
  /** The file name as given, for reports. */
  file: string;
}

/**
 * Parses the text of a template file (YAML, or JSON when `file` ends in `.json`) and validates
 * it; every problem carries its line. Pure: reading the file is `loadTemplateFile`'s job.
 *
 * @example
 * const loaded = loadTemplate("id: leave\nversion: 1\n...", "definitions/leave.yaml");
 * if (!loaded.template) throw new TemplateRefusedError(loaded.problems);
 */
export function loadTemplate(text: string, file: string): LoadedTemplate {
  const source = parseSourceDocument(text, /\.json$/i.test(file) ? "json" : "yaml");
  if (source.problems.length > 0) return { problems: source.problems, file };
  const result = validateTemplate(source.value, source.lineOf);
  return result.ok
    ? { template: result.template, problems: [], file }
    : { problems: result.problems, file };
}
