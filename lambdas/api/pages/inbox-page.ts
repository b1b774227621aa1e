import { INBOX_VIEWS, type InboxView } from "../../core/contract/table-layout.ts";
import type { InboxCount } from "../../core/operations/count-inbox.ts";
import type { InboxEntry } from "../../core/operations/list-inbox-entries.ts";
import { escapeHtml } from "./escape-html.ts";
import { INBOX_TEXT, type InboxText } from "./inbox-text.ts";
import type { PageLocale } from "./page-locale.ts";
import { pageTimeHtml } from "./page-time.ts";

/** What the inbox page shows. */
export interface InboxPage {
  locale: PageLocale;
  view: InboxView;
  /** The rows of this page, newest first. */
  entries: readonly InboxEntry[];
  /** Each view's count, up to its cap. */
  counts: Record<InboxView, InboxCount>;
  /** The cursor this page was opened at; none on the first page. @default first page */
  at?: string;
  /** The cursor of the next (older) page, if there is one. @default last page */
  next?: string;
}

/** The inbox page's own address for a view, at a cursor. */
function inboxPath(view: InboxView, cursor?: string): string {
  const query = new URLSearchParams({ view });
  if (cursor !== undefined) query.set("cursor", cursor);
  return `/ui/inbox?${query}`;
}

function countText(count: InboxCount): string {
  return count.more ? `${count.count}+` : String(count.count);
}

function tabsHtml(page: InboxPage, text: InboxText): string {
  const tabs = INBOX_VIEWS.map((view) => {
    const current = view === page.view ? ' aria-current="page"' : "";
    return `<li><a href="${escapeHtml(inboxPath(view))}"${current}>${escapeHtml(text.view[view])} <span class="count">${countText(page.counts[view])}</span></a></li>`;
  });
  return `<nav aria-label="${escapeHtml(text.views)}"><ul class="tabs">${tabs.join("")}</ul></nav>`;
}

function statusHtml(entry: InboxEntry, text: InboxText): string {
  const { status } = entry;
  if (!status) return `<span class="status">${escapeHtml(text.unknown)}</span>`;
  const word =
    status.of === "approval"
      ? text.approvalStatus[status.value]
      : text.instanceStatus[status.value];
  return `<span class="status" data-status="${escapeHtml(status.value)}">${escapeHtml(word)}</span>`;
}

function rowHtml(entry: InboxEntry, text: InboxText, locale: PageLocale): string {
  const instance = `/ui/instances/${encodeURIComponent(entry.instanceId)}`;
  const opens =
    entry.approvalId === undefined
      ? instance
      : `/ui/approvals/${encodeURIComponent(entry.approvalId)}`;
  const unread =
    entry.view === "cc" && entry.readAt === undefined
      ? ` <span class="unread">${escapeHtml(text.unread)}</span>`
      : "";
  const cell = (label: string, html: string) =>
    `<td data-label="${escapeHtml(label)}">${html}</td>`;
  return `<tr>
<th scope="row"><a href="${escapeHtml(opens)}">${escapeHtml(entry.templateName)}</a>${unread}</th>
${cell(text.node, escapeHtml(entry.nodeName ?? (entry.view === "started" ? "—" : text.wholeFlow)))}
${cell(text.starter, escapeHtml(entry.starter ?? text.unknown))}
${cell(text.since, pageTimeHtml(entry.createdAt, locale))}
${cell(text.status, statusHtml(entry, text))}
${cell(text.instance, `<a class="id" href="${escapeHtml(instance)}">${escapeHtml(entry.instanceId)}</a>`)}
</tr>`;
}

function tableHtml(page: InboxPage, text: InboxText): string {
  if (page.entries.length === 0) {
    return `<p class="notice empty">${escapeHtml(text.empty[page.view])}</p>`;
  }
  const head = [text.template, text.node, text.starter, text.since, text.status, text.instance]
    .map((label) => `<th scope="col">${escapeHtml(label)}</th>`)
    .join("");
  const rows = page.entries.map((entry) => rowHtml(entry, text, page.locale)).join("\n");
  return `<table class="stack inbox">
<caption>${escapeHtml(text.caption[page.view])}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function pagerHtml(page: InboxPage, text: InboxText): string {
  const links = [
    ...(page.at === undefined
      ? []
      : [
          `<a href="${escapeHtml(inboxPath(page.view))}" rel="first">${escapeHtml(text.newest)}</a>`,
        ]),
    ...(page.next === undefined
      ? []
      : [
          `<a href="${escapeHtml(inboxPath(page.view, page.next))}" rel="next">${escapeHtml(text.older)}</a>`,
        ]),
  ];
  if (links.length === 0) return "";
  return `<nav class="pager" aria-label="${escapeHtml(text.pages)}">${links.join(" ")}</nav>`;
}

/**
 * The inbox page: its title and the content of `<main>` — the tabs of the four views (to do,
 * done, CC'd to me, started by me) with their counts, the current one marked
 * `aria-current="page"`; the view's rows newest first, each opening its approval page (rows
 * with an approval) or its instance page, with the flow, the step, who started it, when, its
 * status in words, and its instance; or the view's empty state; and the links to the newest
 * and the next older page. Every word in the page's language.
 *
 * @example
 * const { title, body } = inboxPageHtml({ locale: "en", view: "todo", entries, counts });
 * c.html(page.page(title, body, ["inbox.js"]));
 */
export function inboxPageHtml(page: InboxPage): { title: string; body: string } {
  const text = INBOX_TEXT[page.locale];
  const title = `${text.title}: ${text.view[page.view]}`;
  return {
    title,
    body: `<h1>${escapeHtml(text.title)}</h1>
${tabsHtml(page, text)}
${tableHtml(page, text)}
${pagerHtml(page, text)}`,
  };
}
