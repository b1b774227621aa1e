import { escapeHtml } from "./escape-html.ts";

/**
 * How the pages write a moment: date and minute, with the time zone named. The server writes it
 * in UTC (it does not know the reader's zone); the pages' script `client/lib/local-times.ts`
 * rewrites it in the browser's zone with the same fields.
 */
export const TIME_FORMAT: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZoneName: "short",
};

/**
 * A `<time>` element for an ISO-8601 moment, written in the page's language in UTC, with the
 * exact moment in `datetime` for the browser to rewrite in its own zone.
 *
 * @example
 * pageTimeHtml("2026-12-02T10:00:00.000Z", "en"); // '<time datetime="2026-12-02T10:00:00.000Z">Dec 2, 2026, 10:00 AM UTC</time>'
 */
export function pageTimeHtml(iso: string, locale: string): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return escapeHtml(iso);
  const text = new Intl.DateTimeFormat(locale, { ...TIME_FORMAT, timeZone: "UTC" }).format(moment);
  return `<time datetime="${escapeHtml(moment.toISOString())}">${escapeHtml(text)}</time>`;
}
