import { flowSvg } from "../../../core/graph/flow-svg.ts";
import { PAGE_LOCALES, type PageLocale } from "../page-locale.ts";
import { PICTURE_TEXT } from "../picture-text.ts";
import { playgroundProblemsHtml } from "../playground-problems.ts";
import { PLAYGROUND_TEXT } from "../playground-text.ts";
import { checkTemplateText } from "./lib/check-template-text.ts";

/** How long typing must pause before the text is checked and drawn again. */
const PAUSE_MS = 250;

const locale: PageLocale =
  PAGE_LOCALES.find((known) => known === document.documentElement.lang) ?? "en";
const text = PLAYGROUND_TEXT[locale];
const source = document.querySelector<HTMLTextAreaElement>("#template-source");
const problems = document.querySelector<HTMLElement>("#problems");
const picture = document.querySelector<HTMLElement>("#picture");
const stale = document.querySelector<HTMLElement>("#picture-note");

/** The problems' HTML last written, so an unchanged verdict is not announced again. */
let shown: string | undefined;

/**
 * Checks the editor's text with the validator the server runs (bundled), lists its problems
 * (announced by the list's `aria-live`, only when they change) and redraws the picture when the
 * template is valid; while it is not, the last valid picture stays, marked as such.
 */
function refresh(
  editor: HTMLTextAreaElement,
  list: HTMLElement,
  drawing: HTMLElement,
  note: HTMLElement,
): void {
  const check = checkTemplateText(editor.value);
  const html = playgroundProblemsHtml(check.problems, text);
  if (html !== shown) {
    list.innerHTML = html;
    shown = html;
  }
  if (check.template) {
    drawing.innerHTML = flowSvg(check.template, { labels: PICTURE_TEXT[locale] });
    note.hidden = true;
  } else {
    note.hidden = drawing.querySelector("svg") === null;
  }
}

/** Selects line `line` (1-based) of the editor and scrolls it into the editor's view. */
function selectLine(editor: HTMLTextAreaElement, line: number): void {
  const lines = editor.value.split("\n");
  const start = lines.slice(0, line - 1).reduce((offset, text) => offset + text.length + 1, 0);
  const end = start + (lines[line - 1]?.length ?? 0);
  editor.focus();
  editor.setSelectionRange(start, end);
  const height = Number.parseFloat(getComputedStyle(editor).lineHeight) || 20;
  editor.scrollTop = Math.max(0, (line - 3) * height);
}

if (source && problems && picture && stale) {
  problems.addEventListener("click", (event) => {
    const link = (event.target as Element).closest<HTMLElement>("a[data-line]");
    if (!link) return;
    event.preventDefault();
    selectLine(source, Number(link.dataset.line));
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  source.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => refresh(source, problems, picture, stale), PAUSE_MS);
  });
}
