import type { ApprovalNode, Template } from "../../core/model/template.ts";
import type { LinkedApproval } from "../../core/operations/approval-by-link.ts";
import { contextHtml } from "./context-list.ts";
import { escapeHtml } from "./escape-html.ts";
import { formFieldsHtml } from "./form-fields.ts";
import { pageLayout } from "./page-layout.ts";

/** What an approval link's confirmation page shows. */
interface LinkPage {
  linked: LinkedApproval;
  /** The instance's template version, when it is still in the catalog. */
  template?: Template;
  node?: ApprovalNode;
  /** The CSRF token the form posts back. */
  csrf: string;
}

function formHtml(page: LinkPage): string {
  const { approval, usedAt } = page.linked;
  if (usedAt) return "<p>This link was already used.</p>";
  if (approval.status !== "pending") {
    return `<p>This approval is ${escapeHtml(approval.status)}; nothing is left to decide.</p>`;
  }
  const fields = page.node?.form ? formFieldsHtml(page.node.form) : "";
  return `<form method="post">
<input type="hidden" name="csrf" value="${escapeHtml(page.csrf)}">
${fields}
<label for="comment">Comment</label>
<textarea name="comment" id="comment" rows="3" maxlength="2000"></textarea>
<button type="submit" name="action" value="approve">Approve</button>
<button type="submit" name="action" value="reject">Reject</button>
</form>`;
}

/**
 * The page an approval link opens (GET and HEAD): which template and node, who started the
 * instance and when, its start input, and — while the approval is pending and the link
 * unused — a form with the node's form fields, a comment and approve/reject buttons. Showing
 * it changes nothing.
 *
 * @example
 * c.html(linkPageHtml({ linked, template, node, csrf: linkCsrfToken(key, linkId) }));
 */
export function linkPageHtml(page: LinkPage): string {
  const { instance, claims } = page.linked;
  const flow = page.template?.name ?? instance.templateId;
  const step = page.node?.name ?? page.linked.approval.nodeId;
  return pageLayout(
    `${flow}: ${step}`,
    `<h1>${escapeHtml(flow)}</h1>
<h2>${escapeHtml(step)}</h2>
<p>Started by <strong>${escapeHtml(instance.starter)}</strong> at ${escapeHtml(instance.createdAt)} (instance ${escapeHtml(instance.instanceId)}). You decide as <strong>${escapeHtml(claims.user)}</strong>.</p>
<h3>Request</h3>
${contextHtml(instance.input, { empty: "empty", none: "none" })}
${formHtml(page)}`,
  );
}
