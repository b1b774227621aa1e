import { escapeHtml } from "./escape-html.ts";
import { pageLayout } from "./page-layout.ts";

/**
 * The page a browser gets when an approval link refuses (expired, forged, already used).
 *
 * @example
 * c.html(refusalPageHtml("this approval link has expired"), 410);
 */
export function refusalPageHtml(message: string): string {
  return pageLayout("Approval link", `<h1>Approval link</h1>\n<p>${escapeHtml(message)}</p>`);
}
