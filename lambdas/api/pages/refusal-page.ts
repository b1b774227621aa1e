import { escapeHtml } from "./escape-html.ts";
import { LINK_TEXT } from "./link-text.ts";
import { pageLayout } from "./page-layout.ts";
import type { PageLocale } from "./page-locale.ts";

/**
 * The page a browser gets when an approval link refuses (expired, forged, already used).
 *
 * @example
 * c.html(refusalPageHtml("this approval link has expired", "en"), 410);
 *
 * @param locale - @default "en"
 */
export function refusalPageHtml(message: string, locale: PageLocale = "en"): string {
  const title = LINK_TEXT[locale].linkTitle;
  return pageLayout(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`, locale);
}
