import type { RecordedDecision } from "../../core/operations/act-on-approval.ts";
import { escapeHtml } from "./escape-html.ts";
import { LINK_TEXT } from "./link-text.ts";
import { pageLayout } from "./page-layout.ts";
import type { PageLocale } from "./page-locale.ts";
import { STATUS_TEXT } from "./status-text.ts";

/**
 * The page after a decision through a link (or a second one): the approval's status and every
 * action recorded on it.
 *
 * @example
 * c.html(decisionPageHtml(decision, "recorded", "en"));
 *
 * @param locale - @default "en"
 */
export function decisionPageHtml(
  decision: RecordedDecision,
  headline: "recorded" | "alreadyDecided",
  locale: PageLocale = "en",
): string {
  const text = LINK_TEXT[locale];
  const actions = decision.actions.map((action) => {
    const comment =
      typeof action.output?.comment === "string" ? `: “${escapeHtml(action.output.comment)}”` : "";
    return `<li>${escapeHtml(action.by)}: ${escapeHtml(text.acts[action.act] ?? action.act)}${comment}</li>`;
  });
  const status = STATUS_TEXT[locale].approval[decision.status] ?? decision.status;
  return pageLayout(
    text[headline],
    `<h1>${escapeHtml(text[headline])}</h1>
<p>${text.approvalIs(escapeHtml(status))}</p>
<ul>${actions.join("")}</ul>`,
    locale,
  );
}
