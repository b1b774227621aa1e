import { attachHtmlForms, type ReadHtmlForm } from "./attach-html-forms.ts";
import { type LoadedTemplate, loadTemplate } from "./load-template.ts";
import { parseSourceDocument } from "./source-document.ts";

/**
 * `loadTemplate`, then the HTML form files its approvals name read by `read` into the
 * template's `htmlForms` (`attachHtmlForms`): what loading a template file of a definitions
 * folder means. A missing or unreadable form file refuses the template, at the line of its
 * `htmlForm`.
 *
 * @example
 * const loaded = await loadTemplateWithForms(text, "definitions/release.yaml", htmlFormFileReader("definitions"));
 */
export async function loadTemplateWithForms(
  text: string,
  file: string,
  read: ReadHtmlForm,
): Promise<LoadedTemplate> {
  const loaded = loadTemplate(text, file);
  if (!loaded.template) return loaded;
  const format = /\.json$/i.test(file) ? "json" : "yaml";
  const locate = (path: (string | number)[]) => parseSourceDocument(text, format).lineOf(path);
  const attached = await attachHtmlForms(loaded.template, read, locate);
  return attached.template
    ? { template: attached.template, problems: [], file }
    : { problems: attached.problems, file };
}
