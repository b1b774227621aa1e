import { OperationRefusedError } from "../../core/contract/operation-refused-error.ts";
import type { ApprovalNode, Template } from "../../core/model/template.ts";
import type { ApprovalView } from "../../core/operations/read-approval.ts";
import { escapeHtml } from "./escape-html.ts";
import { HTML_FORM_TEXT } from "./html-form-text.ts";
import type { PageLocale } from "./page-locale.ts";

/** The decision form's field that carries an HTML form's values, as JSON. */
export const HTML_FORM_FIELD = "values";

/**
 * The text of the HTML form an approval node names, as its template version loaded it;
 * `undefined` when the node names none or the version no longer carries it.
 *
 * @example
 * htmlFormOf(template, node); // "<!doctype html>…"
 */
export function htmlFormOf(
  template: Template | undefined,
  node: ApprovalNode | undefined,
): string | undefined {
  const path = node?.htmlForm;
  return path === undefined ? undefined : template?.htmlForms?.[path];
}

/**
 * The text of the HTML form the approval's node names ({@link htmlFormOf} of the view's
 * template and node).
 *
 * @example
 * htmlFormText(view); // "<!doctype html>…"
 */
export function htmlFormText(view: ApprovalView): string | undefined {
  return htmlFormOf(view.template, view.node);
}

/** What a page's HTML form frame is made of. */
export interface HtmlFormFrame {
  /** Where the frame loads the form from: the approval page's or the approval link's `…/form`. */
  src: string;
  /** The instance's start input, sent to the form. */
  input: unknown;
  /** The approval's node. */
  node: Pick<ApprovalNode, "id" | "name">;
}

/**
 * The HTML form's part of a decision form: the frame (`<iframe sandbox="allow-scripts">` of
 * `frame.src`, no same-origin, forms, popups or navigation of the page), the context it is sent
 * (`data-context`: the request and the step, which the viewer may read anyway), and the hidden
 * field its values go into. Frame and field start hidden and disabled: without JavaScript the
 * fields generated from the node's `form` are used instead; `html-form.js` swaps them.
 *
 * @example
 * htmlFormFrameHtml({ src: "/a/7QK2/form", input, node }, "en"); // <div class="html-form" data-html-form … hidden>…
 */
export function htmlFormFrameHtml(frame: HtmlFormFrame, locale: PageLocale): string {
  const text = HTML_FORM_TEXT[locale];
  const context = {
    input: frame.input,
    node: { id: frame.node.id, name: frame.node.name },
    locale,
  };
  return `<div class="html-form" data-html-form data-context="${escapeHtml(JSON.stringify(context))}" data-received="${escapeHtml(text.received)}" hidden>
<p class="muted">${escapeHtml(text.hint)}</p>
<iframe sandbox="allow-scripts" src="${escapeHtml(frame.src)}" title="${escapeHtml(text.frameTitle)}" referrerpolicy="no-referrer"></iframe>
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
