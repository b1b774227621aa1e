import type { RecordedDecision } from "../../core/operations/act-on-approval.ts";
import { escapeHtml } from "./escape-html.ts";
import { pageLayout } from "./page-layout.ts";

/**
 * The page after a decision through a link (or a second one): the approval's status and every
 * action recorded on it.
 *
 * @example
 * c.html(decisionPageHtml(decision, "Your decision is recorded."));
 */
export function decisionPageHtml(decision: RecordedDecision, headline: string): string {
  const actions = decision.actions.map((action) => {
    const comment =
      typeof action.output?.comment === "string" ? `: “${escapeHtml(action.output.comment)}”` : "";
    return `<li>${escapeHtml(action.by)}: ${escapeHtml(action.act)}${comment}</li>`;
  });
  return pageLayout(
    headline,
    `<h1>${escapeHtml(headline)}</h1>
<p>The approval is <strong>${escapeHtml(decision.status)}</strong>.</p>
<ul>${actions.join("")}</ul>`,
  );
}
