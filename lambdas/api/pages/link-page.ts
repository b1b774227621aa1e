import type { ApprovalNode, Template } from "../../core/model/template.ts";
import type { LinkedApproval } from "../../core/operations/approval-by-link.ts";
import { contextHtml } from "./context-list.ts";
import { escapeHtml } from "./escape-html.ts";
import { formFieldsHtml } from "./form-fields.ts";
import { htmlFormFrameHtml } from "./html-form-frame.ts";
import { LINK_TEXT } from "./link-text.ts";
import { pageLayout } from "./page-layout.ts";
import type { PageLocale } from "./page-locale.ts";
import { pageTimeHtml } from "./page-time.ts";
import { STATUS_TEXT } from "./status-text.ts";

/** What an approval link's confirmation page shows. */
interface LinkPage {
  linked: LinkedApproval;
  /** The instance's template version, when it is still in the catalog. */
  template?: Template;
  node?: ApprovalNode;
  /** The CSRF token the form posts back. */
  csrf: string;
  /** The page's language. @default "en" */
  locale?: PageLocale;
  /**
   * Where the node's HTML form is served and the script that frames it, when the node names
   * one. @default none: the fields generated from the node's `form`
   */
  htmlForm?: { src: string; script: string };
}

/** The node's form fields, after the frame of its HTML form (which hides them) when it has one. */
function fieldsHtml(page: LinkPage, locale: PageLocale): string {
  const fields = page.node?.form ? formFieldsHtml(page.node.form) : "";
  if (!page.htmlForm || !page.node) return fields;
  const { instance } = page.linked;
  const frame = htmlFormFrameHtml(
    { src: page.htmlForm.src, input: instance.input, node: page.node },
    locale,
  );
  return `${frame}\n<div data-schema-fields>${fields}</div>`;
}

/** Whether the page offers a decision: the approval pending and the link unused. */
function isOpen(page: LinkPage): boolean {
  return !page.linked.usedAt && page.linked.approval.status === "pending";
}

function formHtml(page: LinkPage, locale: PageLocale): string {
  const text = LINK_TEXT[locale];
  const { approval, usedAt } = page.linked;
  if (usedAt) return `<p>${escapeHtml(text.used)}</p>`;
  if (approval.status !== "pending") {
    const status = STATUS_TEXT[locale].approval[approval.status] ?? approval.status;
    return `<p>${text.settled(escapeHtml(status))}</p>`;
  }
  return `<form method="post">
<input type="hidden" name="csrf" value="${escapeHtml(page.csrf)}">
${fieldsHtml(page, locale)}
<label for="comment">${escapeHtml(text.comment)}</label>
<textarea name="comment" id="comment" rows="3" maxlength="2000"></textarea>
<button type="submit" name="action" value="approve">${escapeHtml(text.approve)}</button>
<button type="submit" name="action" value="reject">${escapeHtml(text.reject)}</button>
</form>`;
}

/**
 * The page an approval link opens (GET and HEAD): which template and node, who started the
 * instance and when, its start input, and — while the approval is pending and the link
 * unused — a form with the node's form fields (or its HTML form in a sandboxed frame), a
 * comment and approve/reject buttons. Showing it changes nothing.
 *
 * @example
 * c.html(linkPageHtml({ linked, template, node, csrf: linkCsrfToken(key, linkId) }));
 */
export function linkPageHtml(page: LinkPage): string {
  const locale = page.locale ?? "en";
  const text = LINK_TEXT[locale];
  const { instance, claims } = page.linked;
  const flow = page.template?.name ?? instance.templateId;
  const step = page.node?.name ?? page.linked.approval.nodeId;
  return pageLayout(
    `${flow}: ${step}`,
    `<h1>${escapeHtml(flow)}</h1>
<h2>${escapeHtml(step)}</h2>
<p>${text.startedBy(escapeHtml(instance.starter), pageTimeHtml(instance.createdAt, locale), escapeHtml(instance.instanceId), escapeHtml(claims.user))}</p>
<h3>${escapeHtml(text.request)}</h3>
${contextHtml(instance.input, { empty: text.empty, none: text.none })}
${formHtml(page, locale)}`,
    locale,
    page.htmlForm && isOpen(page) ? [page.htmlForm.script] : [],
  );
}
