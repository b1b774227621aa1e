import type { ApprovalNode } from "../../core/model/template.ts";
import { formFieldNames, formValues } from "./form-fields.ts";
import { HTML_FORM_FIELD, htmlFormValues } from "./html-form-frame.ts";

/**
 * The fields a decision form may post for a node's form: its generated fields, and the HTML
 * form's values field when the node names an HTML form. None without a node.
 *
 * @example
 * nodeFormFieldNames(node); // ["f.risk", "f.rollback", "values"]
 */
export function nodeFormFieldNames(node: ApprovalNode | undefined): string[] {
  return [...formFieldNames(node?.form), ...(node?.htmlForm ? [HTML_FORM_FIELD] : [])];
}

/**
 * The node's form values a decision form posted: what the HTML form's frame handed over when
 * the node names one and its values field was posted (the frame ran), else the generated
 * fields; `undefined` when the node has no `form` (nothing to record). The node's schema checks
 * them afterwards either way.
 *
 * @throws OperationRefusedError `invalid` when the frame's values are not a JSON object
 * @example
 * const form = nodeFormValues(node, posted);
 */
export function nodeFormValues(
  node: ApprovalNode | undefined,
  posted: URLSearchParams,
): Record<string, unknown> | undefined {
  if (!node?.form) return undefined;
  const fromFrame = node.htmlForm !== undefined && posted.has(HTML_FORM_FIELD);
  return fromFrame ? htmlFormValues(posted) : formValues(node.form, posted);
}
