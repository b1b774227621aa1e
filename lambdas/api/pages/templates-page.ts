import type { TemplateSummary } from "../../core/operations/read-templates.ts";
import { escapeHtml } from "./escape-html.ts";
import type { PageLocale } from "./page-locale.ts";
import { TEMPLATE_TEXT } from "./template-text.ts";

/**
 * The path of a template's page, at a version when one is given.
 *
 * @example
 * templatePagePath("cache-change"); // "/ui/templates/cache-change"
 */
export function templatePagePath(templateId: string, version?: number): string {
  const path = `/ui/templates/${encodeURIComponent(templateId)}`;
  return version === undefined ? path : `${path}?version=${version}`;
}

/**
 * The body of `/ui/templates`: every deployed template at its latest version — name (a link to
 * its page), id, latest version and description — in a table that scrolls in its own box on a
 * phone.
 *
 * @example
 * page.page(TEMPLATE_TEXT[page.locale].listTitle, templatesPageHtml(await listTemplates(backend), page.locale));
 */
export function templatesPageHtml(
  templates: readonly TemplateSummary[],
  locale: PageLocale,
): string {
  const text = TEMPLATE_TEXT[locale];
  const heading = `<h1>${escapeHtml(text.listTitle)}</h1>\n<p>${escapeHtml(text.listIntro)}</p>`;
  if (templates.length === 0)
    return `${heading}\n<p class="muted">${escapeHtml(text.noTemplates)}</p>`;
  const rows = [...templates]
    .sort((a, b) => (a.name ?? a.templateId).localeCompare(b.name ?? b.templateId, locale))
    .map(
      (template) => `<tr>
<th scope="row"><a href="${escapeHtml(templatePagePath(template.templateId))}">${escapeHtml(template.name ?? template.templateId)}</a></th>
<td><code>${escapeHtml(template.templateId)}</code></td>
<td>${template.version}</td>
<td>${escapeHtml(template.description ?? "")}</td>
</tr>`,
    );
  return `${heading}
<div class="table-scroll">
<table class="templates">
<thead><tr><th scope="col">${escapeHtml(text.name)}</th><th scope="col">${escapeHtml(text.id)}</th><th scope="col">${escapeHtml(text.latest)}</th><th scope="col">${escapeHtml(text.description)}</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>
</div>`;
}
