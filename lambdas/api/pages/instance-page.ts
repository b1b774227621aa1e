import type { NodeStatus } from "../../core/engine/instance-state.ts";
import { flowSvg } from "../../core/graph/flow-svg.ts";
import type { Template } from "../../core/model/template.ts";
import { contextHtml } from "./context-list.ts";
import { escapeHtml } from "./escape-html.ts";
import type { HistoryRow } from "./instance-history.ts";
import type { AuditCheck, InstanceSnapshot } from "./instance-snapshot.ts";
import { INSTANCE_TEXT, type InstanceText } from "./instance-text.ts";
import type { PageLocale } from "./page-locale.ts";
import { pageTimeHtml } from "./page-time.ts";
import { PICTURE_TEXT } from "./picture-text.ts";

/** The path of an instance's page. */
export function instancePagePath(instanceId: string): string {
  return `/ui/instances/${encodeURIComponent(instanceId)}`;
}

/** The CSRF action of an instance's withdraw form. */
export function cancelAction(instanceId: string): string {
  return `cancel:${instanceId}`;
}

/** What the instance page draws besides the snapshot. */
export interface InstancePage {
  snapshot: InstanceSnapshot;
  /** The page's history rows, in its language. */
  history: readonly HistoryRow[];
  locale: PageLocale;
  /** The withdraw form's CSRF token, when the viewer may withdraw (the starter, while it runs). */
  cancelCsrf?: string;
  /** Set after the viewer withdrew it (post/redirect/get). @default no notice */
  withdrawn?: boolean;
}

/** A node's status on the page: the picture's, else none (never reached, or no picture). */
function nodeStatus(snapshot: InstanceSnapshot, id: string): NodeStatus | undefined {
  return snapshot.picture?.nodes[id]?.status;
}

function stepsHtml(snapshot: InstanceSnapshot, template: Template, text: InstanceText): string {
  const rows = template.nodes
    .filter((node) => node.type === "approval" || node.type === "task")
    .map((node) => {
      const status = nodeStatus(snapshot, node.id) ?? "waiting";
      return `<tr><th scope="row">${escapeHtml(node.name)}</th><td><span class="status" data-step="${escapeHtml(node.id)}" data-status="${status}">${escapeHtml(text.nodeStatus[status])}</span></td></tr>`;
    });
  return `<table class="steps">
<caption class="visually-hidden">${escapeHtml(text.steps)}</caption>
<thead><tr><th scope="col">${escapeHtml(text.step)}</th><th scope="col">${escapeHtml(text.status)}</th></tr></thead>
<tbody>${rows.join("")}</tbody>
</table>`;
}

function pictureHtml(page: InstancePage, text: InstanceText): string {
  const { snapshot } = page;
  const { template, picture } = snapshot;
  if (!template || !picture) return `<p class="muted">${escapeHtml(text.noPicture)}</p>`;
  const svg = flowSvg(template, {
    state: picture,
    labels: PICTURE_TEXT[page.locale],
    title: template.name ?? template.id,
  });
  return `<div class="picture" id="picture">${svg}</div>
${stepsHtml(snapshot, template, text)}`;
}

/**
 * One history row's cells. The live script draws the same cells from the page's state JSON
 * (`client/instance.ts`), so a row reads the same whether the server or the browser drew it.
 */
function historyRowHtml(row: HistoryRow, locale: PageLocale, text: InstanceText): string {
  const cell = (label: string, html: string) =>
    `<td data-label="${escapeHtml(label)}">${html}</td>`;
  return `<tr data-seq="${row.seq}">${cell(text.seq, String(row.seq))}${cell(text.when, pageTimeHtml(row.at, locale))}${cell(text.who, escapeHtml(row.who))}${cell(text.what, escapeHtml(row.what))}</tr>`;
}

function historyHtml(page: InstancePage, text: InstanceText): string {
  return `<table class="history stack">
<caption class="visually-hidden">${escapeHtml(text.history)}</caption>
<thead><tr><th scope="col">${escapeHtml(text.seq)}</th><th scope="col">${escapeHtml(text.when)}</th><th scope="col">${escapeHtml(text.who)}</th><th scope="col">${escapeHtml(text.what)}</th></tr></thead>
<tbody id="history-rows">${page.history.map((row) => historyRowHtml(row, page.locale, text)).join("")}</tbody>
</table>`;
}

/**
 * The words of an audit check: verified with its number of entries, broken at the entry that
 * breaks the chain, or a seal that does not hold.
 *
 * @example
 * auditWords({ verified: false, seq: 3, problem: "…" }, INSTANCE_TEXT.en); // "Broken at entry 3: …"
 */
export function auditWords(audit: AuditCheck, text: InstanceText): string {
  if (audit.verified) return text.verified(audit.entries);
  return text.broken(audit.seq);
}

function auditHtml(page: InstancePage, text: InstanceText): string {
  const { audit, view } = page.snapshot;
  const state = audit.verified ? "verified" : "broken";
  return `<p class="audit" id="audit" data-audit="${state}">${escapeHtml(auditWords(audit, text))}</p>
<p><a href="${instancePagePath(view.instanceId)}/audit.json" download="audit-${escapeHtml(view.instanceId)}.json">${escapeHtml(text.download)}</a></p>`;
}

function withdrawHtml(page: InstancePage, text: InstanceText): string {
  if (page.cancelCsrf === undefined) return "";
  const path = instancePagePath(page.snapshot.view.instanceId);
  return `<section aria-labelledby="withdraw-heading" id="withdraw">
<h2 id="withdraw-heading">${escapeHtml(text.withdraw)}</h2>
<p>${escapeHtml(text.withdrawHint)}</p>
<form method="post" action="${path}/cancel">
<input type="hidden" name="csrf" value="${escapeHtml(page.cancelCsrf)}">
<p class="check"><input type="checkbox" id="withdraw-confirm" name="confirm" value="yes" required> <label for="withdraw-confirm">${escapeHtml(text.withdrawConfirm)}</label></p>
<button type="submit" class="danger">${escapeHtml(text.withdrawButton)}</button>
</form>
</section>`;
}

/**
 * The body of an instance's page: its status in words (and colour), flow and version, who
 * started it and when (and when and why it ended), the flow picture coloured by status with the
 * steps' statuses in words beside it, the request as nested lists, the history (who, what,
 * when) and the audit check of its sealed export, and — for the starter while it runs — the
 * withdraw form, which must be confirmed. While the instance runs the page's script
 * (`instance.js`) refreshes the status, the steps, the picture and the history in place from
 * `state.json`; without it a reload shows the news.
 *
 * @example
 * page.page(INSTANCE_TEXT.en.title(flow), instancePageHtml({ snapshot, history, locale: "en" }), ["instance.js"]);
 */
export function instancePageHtml(page: InstancePage): string {
  const text = INSTANCE_TEXT[page.locale];
  const { view, template } = page.snapshot;
  const flow = template?.name ?? view.templateId;
  const running = view.status === "running";
  const path = instancePagePath(view.instanceId);
  const ended = view.endedAt
    ? `<dt>${escapeHtml(text.endedAt)}</dt><dd>${pageTimeHtml(view.endedAt, page.locale)}</dd>`
    : "";
  const reason = view.reason
    ? `<dt>${escapeHtml(text.reason)}</dt><dd>${escapeHtml(view.reason)}</dd>`
    : "";
  const notice = page.withdrawn
    ? `<p class="notice" role="status">${escapeHtml(text.withdrawn)}</p>`
    : "";
  return `<div id="instance" data-state="${path}/state.json" data-running="${running}">
<h1>${escapeHtml(flow)}</h1>
${notice}
<dl class="summary">
<dt>${escapeHtml(text.status)}</dt><dd aria-live="polite"><span class="status" id="instance-status" data-status="${view.status}">${escapeHtml(text.instanceStatus[view.status])}</span></dd>
<dt>${escapeHtml(text.template)}</dt><dd>${escapeHtml(flow)} <span class="muted">(${escapeHtml(view.templateId)}, ${escapeHtml(text.version(view.templateVersion))})</span></dd>
<dt>${escapeHtml(text.instance)}</dt><dd><code>${escapeHtml(view.instanceId)}</code></dd>
<dt>${escapeHtml(text.startedBy)}</dt><dd>${escapeHtml(view.starter)}</dd>
<dt>${escapeHtml(text.startedAt)}</dt><dd>${pageTimeHtml(view.createdAt, page.locale)}</dd>
${ended}${reason}
</dl>
${running ? `<p class="muted" id="live-note">${escapeHtml(text.live)}</p>` : ""}
<section aria-labelledby="picture-heading">
<h2 id="picture-heading">${escapeHtml(text.picture)}</h2>
${pictureHtml(page, text)}
</section>
<section aria-labelledby="request-heading">
<h2 id="request-heading">${escapeHtml(text.request)}</h2>
${contextHtml(view.input, { empty: text.empty, none: text.none })}
</section>
<section aria-labelledby="history-heading">
<h2 id="history-heading">${escapeHtml(text.history)}</h2>
${historyHtml(page, text)}
</section>
<section aria-labelledby="audit-heading">
<h2 id="audit-heading">${escapeHtml(text.audit)}</h2>
${auditHtml(page, text)}
</section>
${withdrawHtml(page, text)}
</div>`;
}
