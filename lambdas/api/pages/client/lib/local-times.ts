import { TIME_FORMAT } from "../../page-time.ts";

/**
 * Rewrites every `<time datetime>` under `root` in the browser's own time zone and the page's
 * language (`<html lang>`), with the fields the server wrote in UTC.
 *
 * @example
 * localiseTimes(document);
 */
export function localiseTimes(root: ParentNode): void {
  const format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, TIME_FORMAT);
  for (const element of root.querySelectorAll<HTMLTimeElement>("time[datetime]")) {
    const moment = new Date(element.dateTime);
    if (!Number.isNaN(moment.getTime())) element.textContent = format.format(moment);
  }
}
