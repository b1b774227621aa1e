import { flowSvg } from "../../core/graph/flow-svg.ts";
import type { Template } from "../../core/model/template.ts";
import type { Problem } from "../../core/validation/problem.ts";
import { escapeHtml } from "./escape-html.ts";
import type { PageLocale } from "./page-locale.ts";
import { PICTURE_TEXT } from "./picture-text.ts";
import { playgroundProblemsHtml } from "./playground-problems.ts";
import { PLAYGROUND_TEXT } from "./playground-text.ts";

/** The CSRF action of the playground's form (a check on the server; nothing is stored). */
export const PLAYGROUND_ACTION = "playground";

/** What the playground page shows. */
export interface PlaygroundPage {
  locale: PageLocale;
  /** The CSRF token of {@link PLAYGROUND_ACTION} for the caller. */
  csrf: string;
  /** The template's text in the editor. */
  source: string;
  /** The server's verdict on `source`: the template when it is valid, else its problems. */
  template?: Template;
  problems: readonly Problem[];
}

function pictureHtml(page: PlaygroundPage): string {
  const text = PLAYGROUND_TEXT[page.locale];
  if (!page.template) return `<p class="muted">${escapeHtml(text.noPicture)}</p>`;
  return flowSvg(page.template, { labels: PICTURE_TEXT[page.locale] });
}

/**
 * The template playground: its title and the content of `<main>` — a form posting the YAML text
 * back to `/ui/playground` (labelled, full width, with its CSRF token), the problems the server
 * found in it (`aria-live`, so the browser's checks as the text changes are announced) and the
 * flow picture of the template when it is valid. `playground.js` takes over in the browser:
 * the same checks and picture after each pause in typing.
 *
 * @example
 * const { title, body } = playgroundPageHtml({ locale: "en", csrf, source, problems: [] });
 * c.html(page.page(title, body, ["playground.js"]));
 */
export function playgroundPageHtml(page: PlaygroundPage): { title: string; body: string } {
  const text = PLAYGROUND_TEXT[page.locale];
  return {
    title: text.title,
    body: `<h1>${escapeHtml(text.title)}</h1>
<p class="muted">${escapeHtml(text.intro)}</p>
<div class="playground">
<form method="post" action="/ui/playground" class="playground-editor">
<input type="hidden" name="csrf" value="${escapeHtml(page.csrf)}">
<label for="template-source">${escapeHtml(text.source)}</label>
<textarea id="template-source" name="source" rows="24" spellcheck="false" autocapitalize="off" autocomplete="off" aria-describedby="template-source-hint">
${escapeHtml(page.source)}</textarea>
<p id="template-source-hint" class="muted">${escapeHtml(text.sourceHint)}</p>
<button type="submit">${escapeHtml(text.check)}</button>
</form>
<div class="playground-results">
<section aria-labelledby="problems-heading">
<h2 id="problems-heading">${escapeHtml(text.problems)}</h2>
<div id="problems" aria-live="polite">${playgroundProblemsHtml(page.problems, text)}</div>
</section>
<section aria-labelledby="picture-heading">
<h2 id="picture-heading">${escapeHtml(text.picture)}</h2>
<p id="picture-note" class="notice" hidden>${escapeHtml(text.stalePicture)}</p>
<div class="picture" id="picture">${pictureHtml(page)}</div>
</section>
</div>
</div>`,
  };
}
