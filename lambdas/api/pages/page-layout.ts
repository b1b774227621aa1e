import { createHash } from "node:crypto";
import { escapeHtml } from "./escape-html.ts";
import type { PageLocale } from "./page-locale.ts";

const STYLE =
  "body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#222}" +
  "dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}" +
  "dd{margin:0}pre{margin:0;white-space:pre-wrap}label{display:block;margin-top:.75rem}" +
  "input,select,textarea{width:100%;box-sizing:border-box;margin-top:.25rem}" +
  "input[type=checkbox]{width:auto}button{padding:.5rem 1.25rem;margin:1rem .5rem 0 0}" +
  "iframe{width:100%;min-height:24rem;border:1px solid #bbb;margin-top:.5rem}";

/**
 * The Content-Security-Policy of every answer: scripts and stylesheets only from this origin's
 * files (no inline script at all; the approval link's one style block is allowed by its hash),
 * pictures inline or from here, requests and frames (the sandboxed HTML forms) only to this
 * origin, forms post only back to it, and nothing may frame a page.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  `style-src 'self' 'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`,
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

/**
 * A whole HTML page around `body` (already escaped HTML) with a plain-text `title`, in the
 * language `lang`, loading `scripts` (this origin's paths) as modules.
 *
 * @param lang - the page's language. @default "en"
 * @param scripts - the scripts' paths, e.g. a page asset's `url`. @default none
 *
 * @example
 * pageLayout("Approval", `<p>${escapeHtml(message)}</p>`);
 */
export function pageLayout(
  title: string,
  body: string,
  lang: PageLocale = "en",
  scripts: readonly string[] = [],
): string {
  const tags = scripts.map((src) => `<script type="module" src="${escapeHtml(src)}"></script>\n`);
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
${tags.join("")}</head>
<body>
${body}
</body>
</html>
`;
}
