import type { ApprovalLogEntry } from "../../core/engine/instance-state.ts";
import { flowSvg } from "../../core/graph/flow-svg.ts";
import type { ApprovalView } from "../../core/operations/read-approval.ts";
import type { HistoryEntry } from "../../core/records/history-entry.ts";
import { APPROVAL_TEXT, type ApprovalPageAction, type ApprovalText } from "./approval-text.ts";
import { contextHtml } from "./context-list.ts";
import { escapeHtml } from "./escape-html.ts";
import { type FormProblem, formFieldsHtml } from "./form-fields.ts";
import { historyActor } from "./history-actor.ts";
import { htmlFormFrameHtml, htmlFormText } from "./html-form-frame.ts";
import type { PageLocale } from "./page-locale.ts";
import { pageTimeHtml } from "./page-time.ts";
import { PICTURE_TEXT } from "./picture-text.ts";

/** The pattern of a user id, for the browser to check before the server does. */
const USER_PATTERN = "[A-Za-z0-9._@+\\-]{1,128}";

/** A message at the top of the page: what a POST did, or why it was refused. */
export interface ApprovalNotice {
  kind: "done" | "already" | "refused";
  text: string;
}

/** What the approval page is drawn from. */
export interface ApprovalPage {
  view: ApprovalView;
  locale: PageLocale;
  /** The signed-in viewer. */
  viewer: string;
  /** This viewer's CSRF token for a form's action (`decide:{approvalId}`, …). */
  csrf: (action: string) => string;
  /** @default none */
  notice?: ApprovalNotice;
  /** What the server found wrong with the posted form values. @default none */
  problems?: readonly FormProblem[];
  /** The decision form's values as posted, to draw it again after a refusal. @default empty */
  posted?: URLSearchParams;
}

/** The page's `<title>`: the flow's name and the step's. */
export function approvalPageTitle(view: ApprovalView): string {
  const flow = view.template?.name ?? view.instance.templateId;
  return `${flow}: ${view.node?.name ?? view.approval.nodeId}`;
}

/** The page's path, which its forms post to too. */
export function approvalPagePath(approvalId: string): string {
  return `/ui/approvals/${encodeURIComponent(approvalId)}`;
}

function nodeName(view: ApprovalView, nodeId: string | undefined): string {
  if (nodeId === undefined) return "";
  return view.template?.nodes.find((node) => node.id === nodeId)?.name ?? nodeId;
}

function summaryHtml(view: ApprovalView, text: ApprovalText, locale: PageLocale): string {
  const { approval, instance } = view;
  const rows: [string, string][] = [
    [
      text.template,
      `${escapeHtml(view.template?.name ?? instance.templateId)} (v${instance.templateVersion})`,
    ],
    [text.step, escapeHtml(nodeName(view, approval.nodeId))],
    [text.mode, escapeHtml(text.modes[approval.mode])],
    [
      text.status,
      `<span class="status" data-status="${approval.status}">${escapeHtml(text.approvalStatus[approval.status])}</span>`,
    ],
    [text.startedBy, `<strong>${escapeHtml(instance.starter)}</strong>`],
    [text.startedAt, pageTimeHtml(instance.createdAt, locale)],
    [text.instance, `<code>${escapeHtml(instance.instanceId)}</code>`],
    [text.instanceStatus, escapeHtml(text.instanceStatuses[instance.status])],
  ];
  if (approval.dueAt) rows.push([text.due, pageTimeHtml(approval.dueAt, locale)]);
  const items = rows.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${value}</dd>`);
  return `<dl class="summary">${items.join("")}</dl>`;
}

function noticeHtml(notice: ApprovalNotice | undefined): string {
  if (!notice) return "";
  const role = notice.kind === "refused" ? "alert" : "status";
  return `<p class="notice notice-${notice.kind}" role="${role}">${escapeHtml(notice.text)}</p>`;
}

/** Which form a POST comes from, and its CSRF token (`{form}:{approvalId}`). */
function formMarks(page: ApprovalPage, form: string): string {
  const token = page.csrf(`${form}:${page.view.approvalId}`);
  return `<input type="hidden" name="form" value="${form}">
<input type="hidden" name="csrf" value="${escapeHtml(token)}">`;
}

function commentField(id: string, label: string, value = ""): string {
  return `<label for="${id}">${escapeHtml(label)}</label>
<textarea name="comment" id="${id}" rows="3" maxlength="2000">${escapeHtml(value)}</textarea>`;
}

function problemsHtml(problems: readonly FormProblem[] | undefined, text: ApprovalText): string {
  if (!problems || problems.length === 0) return "";
  const items = problems.map(
    (problem) =>
      `<li>${problem.label ? `<strong>${escapeHtml(problem.label)}</strong>: ` : ""}${escapeHtml(problem.message)}</li>`,
  );
  return `<div class="problems" role="alert"><p>${escapeHtml(text.problems)}</p><ul>${items.join("")}</ul></div>`;
}

/** The node's HTML form frame before its generated fields (their fallback), or just the fields. */
function htmlFormHtml(view: ApprovalView, locale: PageLocale, fields: string): string {
  if (htmlFormText(view) === undefined || !view.node) return fields;
  const src = `${approvalPagePath(view.approvalId)}/form`;
  const frame = htmlFormFrameHtml({ src, input: view.instance.input, node: view.node }, locale);
  return `${frame}\n<div data-schema-fields>${fields}</div>`;
}

function decideFormHtml(page: ApprovalPage, text: ApprovalText): string {
  const { view } = page;
  const fields = view.node?.form
    ? formFieldsHtml(view.node.form, {
        ...(page.posted ? { posted: page.posted } : {}),
        invalid: (page.problems ?? []).flatMap((problem) => (problem.key ? [problem.key] : [])),
      })
    : "";
  return `<section aria-labelledby="decide-heading">
<h2 id="decide-heading">${escapeHtml(text.yourDecision)}</h2>
${problemsHtml(page.problems, text)}
<form method="post" action="${approvalPagePath(page.view.approvalId)}" class="decide">
${formMarks(page, "decide")}
${htmlFormHtml(view, page.locale, fields)}
${commentField("decide-comment", text.comment, page.posted?.get("comment") ?? "")}
<div class="buttons">
<button type="submit" name="action" value="approve">${escapeHtml(text.approve)}</button>
<button type="submit" name="action" value="reject" class="danger">${escapeHtml(text.reject)}</button>
</div>
</form>
</section>`;
}

function userField(id: string, name: string, label: string, text: ApprovalText): string {
  return `<label for="${id}">${escapeHtml(label)}</label>
<input id="${id}" name="${name}" required pattern="${escapeHtml(USER_PATTERN)}" autocomplete="off" aria-describedby="${id}-hint">
<small id="${id}-hint" class="muted">${escapeHtml(text.userHint)}</small>`;
}

function transferFormHtml(page: ApprovalPage, text: ApprovalText): string {
  return `<section aria-labelledby="transfer-heading">
<h2 id="transfer-heading">${escapeHtml(text.transfer)}</h2>
<p class="muted">${escapeHtml(text.transferHint)}</p>
<form method="post" action="${approvalPagePath(page.view.approvalId)}">
${formMarks(page, "transfer")}
${userField("transfer-to", "to", text.transferTo, text)}
${commentField("transfer-comment", text.comment)}
<button type="submit" class="secondary">${escapeHtml(text.transfer)}</button>
</form>
</section>`;
}

function addSignFormHtml(page: ApprovalPage, text: ApprovalText): string {
  const choice = (position: "before" | "after", checked: boolean) =>
    `<label class="choice" for="add-sign-${position}"><input type="radio" id="add-sign-${position}" name="position" value="${position}"${checked ? " checked" : ""}> ${escapeHtml(text[position])}</label>`;
  return `<section aria-labelledby="add-sign-heading">
<h2 id="add-sign-heading">${escapeHtml(text.addSign)}</h2>
<p class="muted">${escapeHtml(text.addSignHint)}</p>
<form method="post" action="${approvalPagePath(page.view.approvalId)}">
${formMarks(page, "add-sign")}
${userField("add-sign-user", "user", text.addSignUser, text)}
<fieldset>
<legend>${escapeHtml(text.position)}</legend>
${choice("before", true)}
${choice("after", false)}
</fieldset>
${commentField("add-sign-comment", text.comment)}
<button type="submit" class="secondary">${escapeHtml(text.addSign)}</button>
</form>
</section>`;
}

function remindFormHtml(page: ApprovalPage, text: ApprovalText): string {
  return `<section aria-labelledby="remind-heading">
<h2 id="remind-heading">${escapeHtml(text.remind)}</h2>
<p class="muted">${escapeHtml(text.remindHint)}</p>
<form method="post" action="${approvalPagePath(page.view.approvalId)}">
${formMarks(page, "remind")}
${commentField("remind-comment", text.comment)}
<button type="submit" class="secondary">${escapeHtml(text.remind)}</button>
</form>
</section>`;
}

/** Where the viewer stands when there is no form for them: decided, waiting, or read-only. */
function standingHtml(page: ApprovalPage, text: ApprovalText): string {
  const { approval } = page.view;
  if (approval.status !== "pending") {
    return `<p class="standing">${escapeHtml(text.decided(text.approvalStatus[approval.status]))}</p>`;
  }
  const decidedByMe = approval.log.some(
    (entry) => entry.by === page.viewer && (entry.act === "approve" || entry.act === "reject"),
  );
  return `<p class="standing">${escapeHtml(decidedByMe ? text.waitingOthers : text.readOnly)}</p>`;
}

function actedHtml(entry: ApprovalLogEntry, text: ApprovalText): string {
  switch (entry.act) {
    case "approve":
    case "reject":
      return escapeHtml(text.acted[entry.act]);
    case "transfer":
      return escapeHtml(text.acted.transfer(entry.user ?? ""));
    case "addSign":
      return escapeHtml(text.acted.addSign(entry.user ?? "", entry.position ?? "after"));
  }
}

function decisionsHtml(page: ApprovalPage, text: ApprovalText): string {
  const { log } = page.view.approval;
  if (log.length === 0) return `<p class="muted">${escapeHtml(text.noActions)}</p>`;
  const words = { empty: text.empty, none: text.none };
  const items = log.map((entry) => {
    const { comment, ...values } = entry.output ?? {};
    const said =
      typeof comment === "string" ? `<blockquote>${escapeHtml(comment)}</blockquote>` : "";
    const filled = Object.keys(values).length > 0 ? contextHtml(values, words) : "";
    return `<li><strong>${escapeHtml(entry.by)}</strong> ${actedHtml(entry, text)}${said}${filled}</li>`;
  });
  return `<ol class="decisions">${items.join("")}</ol>`;
}

function whatHappened(entry: HistoryEntry, text: ApprovalText): string {
  const detail = entry.detail;
  if (entry.type === "approval.decided") {
    const action = detail.action as ApprovalPageAction;
    const word =
      action === "approve" || action === "reject"
        ? text.acted[action]
        : action === "transfer"
          ? text.transfer
          : action === "addSign"
            ? text.addSign
            : text.events[entry.type];
    return typeof detail.verdict === "string"
      ? `${word} → ${text.approvalStatus[detail.verdict as "approved"] ?? detail.verdict}`
      : word;
  }
  if (entry.type === "node.completed" && typeof detail.outcome === "string") {
    const outcome = text.approvalStatus[detail.outcome as "approved"] ?? detail.outcome;
    return `${text.events[entry.type]} (${text.outcome(outcome)})`;
  }
  if (entry.type === "flow.ended" && typeof detail.status === "string") {
    const status = text.instanceStatuses[detail.status as "completed"] ?? detail.status;
    return `${text.events[entry.type]}: ${status}`;
  }
  return text.events[entry.type];
}

function historyHtml(view: ApprovalView, text: ApprovalText, locale: PageLocale): string {
  const rows = view.instance.history.map(
    (entry) => `<tr${entry.nodeId === view.approval.nodeId ? ' class="this-step"' : ""}>
<td>${pageTimeHtml(entry.at, locale)}</td>
<td>${escapeHtml(nodeName(view, entry.nodeId))}</td>
<td>${escapeHtml(historyActor(entry.actor, locale))}</td>
<td>${escapeHtml(whatHappened(entry, text))}</td>
</tr>`,
  );
  return `<div class="table-scroll"><table class="history">
<thead><tr><th scope="col">${escapeHtml(text.when)}</th><th scope="col">${escapeHtml(text.step)}</th><th scope="col">${escapeHtml(text.who)}</th><th scope="col">${escapeHtml(text.what)}</th></tr></thead>
<tbody>${rows.join("")}</tbody>
</table></div>`;
}

/**
 * The flow picture with every node and edge coloured by its status (`instancePictureState`:
 * the history replayed), this approval's node ringed, in the page's language; nothing when the
 * instance's template version is no longer in the catalog.
 */
function pictureHtml(view: ApprovalView, text: ApprovalText, locale: PageLocale): string {
  const { template, picture, approval } = view;
  if (!template || !picture) return `<p class="muted">${escapeHtml(text.noPicture)}</p>`;
  const svg = flowSvg(template, {
    state: picture,
    highlight: approval.nodeId,
    labels: PICTURE_TEXT[locale],
    title: text.pictureTitle(template.name ?? template.id, nodeName(view, approval.nodeId)),
  });
  return `<div class="picture">${svg}</div>`;
}

/**
 * The approval page's content (`/ui/approvals/{approvalId}`): the flow and step with who started
 * the request and when, the request itself as nested lists (never raw JSON), then — for an
 * approver who may act now — the decision form (the node's form fields with their constraints,
 * a comment, approve and reject), transfer (转签) and add-sign (加签) forms, and for the starter
 * the remind (催办) form, each posting back with its own CSRF token; otherwise where the step
 * stands (decided, waiting for the other seats, or read-only). Then every action taken on the
 * step, the flow picture with this node highlighted, and the instance's history, times in the
 * page's language. Everything is escaped.
 *
 * @example
 * page.page(approvalPageTitle(view), approvalPageBody({ view, locale, viewer: "olga", csrf: page.csrf }));
 */
export function approvalPageBody(page: ApprovalPage): string {
  const text = APPROVAL_TEXT[page.locale];
  const { view, locale } = page;
  const flow = view.template?.name ?? view.instance.templateId;
  const words = { empty: text.empty, none: text.none };
  const forms = [
    view.may.decide ? decideFormHtml(page, text) : standingHtml(page, text),
    view.may.transfer ? transferFormHtml(page, text) : "",
    view.may.addSign ? addSignFormHtml(page, text) : "",
    view.may.remind ? remindFormHtml(page, text) : "",
  ].join("\n");
  return `<h1>${escapeHtml(flow)}: ${escapeHtml(nodeName(view, view.approval.nodeId))}</h1>
${noticeHtml(page.notice)}
${summaryHtml(view, text, locale)}
<section aria-labelledby="request-heading">
<h2 id="request-heading">${escapeHtml(text.request)}</h2>
${contextHtml(view.instance.input, words)}
</section>
${forms}
<section aria-labelledby="actions-heading">
<h2 id="actions-heading">${escapeHtml(text.actions)}</h2>
${decisionsHtml(page, text)}
</section>
<section aria-labelledby="picture-heading">
<h2 id="picture-heading">${escapeHtml(text.picture)}</h2>
${pictureHtml(view, text, locale)}
</section>
<section aria-labelledby="history-heading">
<h2 id="history-heading">${escapeHtml(text.history)}</h2>
${historyHtml(view, text, locale)}
</section>`;
}
