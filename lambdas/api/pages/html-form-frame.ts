import { OperationRefusedError } from "../../core/contract/operation-refused-error.ts";
import type { ApprovalView } from "../../core/operations/read-approval.ts";
import { escapeHtml } from "./escape-html.ts";
import { HTML_FORM_TEXT } from "./html-form-text.ts";
import type { PageLocale } from "./page-locale.ts";

/** The decision form's field that carries an HTML form's values, as JSON. */
export const HTML_FORM_FIELD = "values";

/**
 * The text of the HTML form the approval's node names, as its template version loaded it;
 * `undefined` when the node names none or the version no longer carries it.
 *
 * @example
 * htmlFormText(view); // "<!doctype html>…"
 */
export function htmlFormText(view: ApprovalView): string | undefined {
  const path = view.node?.htmlForm;
  return path === undefined ? undefined : view.template?.htmlForms?.[path];
}

/**
 * The HTML form's part of the decision form, or "" when the node has none: the frame
 * (`<iframe sandbox="allow-scripts">` of `GET …/form`, no same-origin, forms, popups or
 * navigation of the page), the context it is sent (`data-context`: the request and the step,
 * which the viewer may read anyway), and the hidden field its values go into. Frame and field
 * start hidden and disabled: without JavaScript the fields generated from the node's `form`
 * are used instead; `html-form.js` swaps them.
 *
 * @example
 * htmlFormFrameHtml(view, "en"); // <div class="html-form" data-html-form … hidden>…
 */
export function htmlFormFrameHtml(view: ApprovalView, locale: PageLocale): string {
  if (htmlFormText(view) === undefined || !view.node) return "";
  const text = HTML_FORM_TEXT[locale];
  const context = {
    input: view.instance.input,
    node: { id: view.node.id, name: view.node.name ?? view.node.id },
    locale,
  };
  const src = `/ui/approvals/${encodeURIComponent(view.approvalId)}/form`;
  return `<div class="html-form" data-html-form data-context="${escapeHtml(JSON.stringify(context))}" data-received="${escapeHtml(text.received)}" hidden>
<p class="muted">${escapeHtml(text.hint)}</p>
<iframe sandbox="allow-scripts" src="${escapeHtml(src)}" title="${escapeHtml(text.frameTitle)}" referrerpolicy="no-referrer"></iframe>
<p class="html-form-status" role="status" data-html-form-status></p>
<input type="hidden" name="${HTML_FORM_FIELD}" value="" data-html-form-values disabled>
</div>`;
}

/**
 * The values an HTML form handed over, read from the decision form's posted
 * {@link HTML_FORM_FIELD}: a JSON object (an empty field is no values, `{}`), which the node's
 * `form` schema then checks as it checks the generated fields. Anything else refuses `invalid`.
 *
 * @example
 * htmlFormValues(new URLSearchParams({ form: '{"ok":true}' })); // { ok: true }
 */
export function htmlFormValues(posted: URLSearchParams): Record<string, unknown> {
  const text = posted.get(HTML_FORM_FIELD) ?? "";
  if (text === "") return {};
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch {
    throw new OperationRefusedError("invalid", "the HTML form's values are not JSON");
  }
  if (typeof values !== "object" || values === null || Array.isArray(values)) {
    throw new OperationRefusedError("invalid", "the HTML form's values must be a JSON object");
  }
  return values as Record<string, unknown>;
}
