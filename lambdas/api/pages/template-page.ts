import { flowSvg } from "../../core/graph/flow-svg.ts";
import type { TemplateView } from "../../core/operations/read-templates.ts";
import { escapeHtml } from "./escape-html.ts";
import type { PageLocale } from "./page-locale.ts";
import { PICTURE_TEXT } from "./picture-text.ts";
import { startFormHtml } from "./schema-form.ts";
import type { StartProblem } from "./start-form-problems.ts";
import { TEMPLATE_TEXT, type TemplateText } from "./template-text.ts";
import { templatePagePath } from "./templates-page.ts";

/** What a template's page shows. */
export interface TemplatePage {
  /** The version shown, as `readTemplate` reads it. */
  view: TemplateView;
  locale: PageLocale;
  /** The signed-in user and tenant: a draft is kept per template and user. */
  tenant: string;
  user: string;
  /** The CSRF token of the start form (`start:{templateId}`). */
  csrf: string;
  /** The start's idempotency key: the same form posted twice starts one instance. */
  startKey: string;
  /**
   * The users of each directory role the template's approvals name, so that the path preview
   * resolves `approvers: { role }` as the engine would. @default every role empty
   */
  roles?: Readonly<Record<string, readonly string[]>>;
  /** What was posted, when the start was refused. @default an empty form */
  posted?: URLSearchParams;
  /** Why it was refused. @default none */
  problems?: readonly StartProblem[];
}

/**
 * The CSRF action of a template's start form.
 *
 * @example
 * page.checkCsrf(startAction("cache-change"), posted.get("csrf"));
 */
export function startAction(templateId: string): string {
  return `start:${templateId}`;
}

function versionsHtml(view: TemplateView, text: TemplateText): string {
  const items = [...view.versions]
    .sort((a, b) => b - a)
    .map((version) => {
      const label = escapeHtml(text.version(version));
      return version === view.version
        ? `<li><a href="${escapeHtml(templatePagePath(view.templateId, version))}" aria-current="page">${label}</a></li>`
        : `<li><a href="${escapeHtml(templatePagePath(view.templateId, version))}">${label}</a></li>`;
    });
  return `<nav aria-labelledby="versions-heading"><h2 id="versions-heading">${escapeHtml(text.versions)}</h2>
<ul class="tabs">${items.join("")}</ul></nav>`;
}

function problemsHtml(problems: readonly StartProblem[] | undefined, text: TemplateText): string {
  if (!problems || problems.length === 0) return "";
  const items = problems.map(
    (problem) =>
      `<li>${problem.label ? `<strong>${escapeHtml(problem.label)}</strong>: ` : ""}${escapeHtml(problem.message)}</li>`,
  );
  return `<div class="problems" role="alert" id="start-problems"><p>${escapeHtml(text.problems)}</p><ul>${items.join("")}</ul></div>`;
}

function startHtml(page: TemplatePage, latest: number, text: TemplateText): string {
  const { view } = page;
  if (view.version !== latest) {
    return `<p>${escapeHtml(text.startOlder)} <a href="${escapeHtml(templatePagePath(view.templateId))}">${escapeHtml(text.version(latest))}</a></p>`;
  }
  const data = {
    template: escapeHtml(JSON.stringify(view.template)),
    draft: escapeHtml(`baton-draft:${page.tenant}:${page.user}:${view.templateId}`),
    words: escapeHtml(JSON.stringify(text.preview)),
    roles: escapeHtml(JSON.stringify(page.roles ?? {})),
  };
  return `${problemsHtml(page.problems, text)}
<p>${escapeHtml(text.startIntro)}</p>
<form method="post" action="${escapeHtml(templatePagePath(view.templateId))}" id="start-form" class="start" data-template="${data.template}" data-draft-key="${data.draft}" data-words="${data.words}" data-roles="${data.roles}"${page.problems ? ' data-refused="true"' : ""}>
<input type="hidden" name="csrf" value="${escapeHtml(page.csrf)}">
<input type="hidden" name="startKey" value="${escapeHtml(page.startKey)}">
${startFormHtml(view.template.input, {
  ...(page.posted ? { posted: page.posted } : {}),
  ...(page.problems ? { problems: page.problems } : {}),
  oneLine: text.oneLine,
})}
<div class="buttons">
<button type="submit">${escapeHtml(text.startButton)}</button>
<button type="button" class="secondary" id="save-draft" hidden>${escapeHtml(text.saveDraft)}</button>
<button type="button" class="secondary" id="discard-draft" hidden>${escapeHtml(text.discardDraft)}</button>
</div>
<p class="muted" id="draft-note" hidden>${escapeHtml(text.draftNote)}</p>
<p id="draft-status" role="status"></p>
</form>`;
}

function previewHtml(text: TemplateText): string {
  return `<section aria-labelledby="path-heading" id="path-preview">
<h2 id="path-heading">${escapeHtml(text.path)}</h2>
<p class="muted">${escapeHtml(text.pathIntro)}</p>
<div id="path-result" aria-live="polite"><p class="muted">${escapeHtml(text.pathNeedsScript)}</p></div>
</section>`;
}

/**
 * The body of `/ui/templates/{templateId}` (`?version=` for an older one): the template's name,
 * description and version; its versions as links; the flow picture (`flowSvg`, in the page's
 * language); and, on the latest version, the start form generated from its `input` schema, with
 * the refused values and their problems when a start was refused, the approval path preview
 * (drawn by `client/template.ts` from the template carried in the form's `data-template`) and
 * the draft buttons, shown by the script.
 *
 * @example
 * page.page(title, templatePageHtml({ view, locale, tenant, user, csrf, startKey }), ["template.js"]);
 */
export function templatePageHtml(page: TemplatePage): string {
  const text = TEMPLATE_TEXT[page.locale];
  const { view } = page;
  const latest = Math.max(view.version, ...view.versions);
  const title = view.name ?? view.templateId;
  const svg = flowSvg(view.template, { labels: PICTURE_TEXT[page.locale], title });
  const older =
    view.version === latest ? "" : `<p class="notice">${escapeHtml(text.olderVersion(latest))}</p>`;
  return `<h1>${escapeHtml(title)}</h1>
<p class="muted"><code>${escapeHtml(view.templateId)}</code> · ${escapeHtml(text.version(view.version))}</p>
${view.description ? `<p>${escapeHtml(view.description)}</p>` : ""}
${older}
${versionsHtml(view, text)}
<div class="template-layout">
<section aria-labelledby="picture-heading" class="template-picture">
<h2 id="picture-heading">${escapeHtml(text.picture)}</h2>
<figure class="picture" id="picture">${svg}<figcaption class="muted">${escapeHtml(text.pictureCaption)}</figcaption></figure>
${view.version === latest ? previewHtml(text) : ""}
</section>
<section aria-labelledby="start-heading" class="template-start">
<h2 id="start-heading">${escapeHtml(text.start)}</h2>
${startHtml(page, latest, text)}
</section>
</div>`;
}
