import type { InstanceStatus, NodeStatus } from "../../core/engine/instance-state.ts";
import type { Template } from "../../core/model/template.ts";
import type { HistoryEntry } from "../../core/records/history-entry.ts";
import { historyActor } from "./history-actor.ts";
import type { InstanceText } from "./instance-text.ts";
import type { PageLocale } from "./page-locale.ts";

/** One history entry as the instance page shows it: plain text, escaped where it is drawn. */
export interface HistoryRow {
  seq: number;
  /** When, ISO-8601 (drawn as a `<time>`). */
  at: string;
  /** Who did it, in words ({@link historyActor}). */
  who: string;
  /** What happened, in the page's language. */
  what: string;
}

const DECISIONS = ["approve", "reject", "transfer", "addSign"] as const;

function listed(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(", ") : "";
}

/** What one entry says, in words: the step by its name, the detail that matters. */
function entryWords(
  entry: HistoryEntry,
  nodeName: (id: string) => string,
  text: InstanceText,
): string {
  const words = text.events;
  const node = nodeName(entry.nodeId ?? "");
  const detail = entry.detail;
  switch (entry.type) {
    case "flow.started":
      return words.started;
    case "flow.ended": {
      const status = text.instanceStatus[detail.status as InstanceStatus] ?? String(detail.status);
      return words.ended(status, typeof detail.reason === "string" ? detail.reason : undefined);
    }
    case "node.activated":
      return words.activated(node);
    case "node.completed": {
      const outcome = text.nodeStatus[detail.outcome as NodeStatus] ?? String(detail.outcome);
      const output = detail.output as Record<string, unknown> | undefined;
      const said = words.completed(node, outcome);
      return typeof output?.comment === "string" ? words.commented(said, output.comment) : said;
    }
    case "node.skipped":
      return words.skipped(node);
    case "node.cancelled":
      return words.cancelled(node);
    case "approval.requested":
      return words.requested(node, listed(detail.approvers));
    case "approval.decided": {
      const action = DECISIONS.find((known) => known === detail.action);
      return action ? words.decided[action](node) : words.other(entry.type);
    }
    case "approval.reminded":
      return words.reminded(node, listed(detail.approvers));
    case "task.requested":
      return words.taskRequested(node, String(detail.plugin), Number(detail.attempt ?? 1));
    case "task.reminded":
      return words.taskReminded(node);
  }
  return words.other(entry.type);
}

/**
 * An instance's history as the page lists it, oldest first: number, time, who and what, each
 * step named as the template names it. Only what people need is said: no callback id, approval
 * id or token, though the entries carry ids.
 *
 * @example
 * historyRows(view.history, template, INSTANCE_TEXT.en, "en")[0];
 * // { seq: 1, at: "2026-12-02T10:00:00.000Z", who: "rita", what: "started the request" }
 */
export function historyRows(
  history: readonly HistoryEntry[],
  template: Template | undefined,
  text: InstanceText,
  locale: PageLocale,
): HistoryRow[] {
  const names = new Map(template?.nodes.map((node) => [node.id, node.name]));
  const nodeName = (id: string) => names.get(id) ?? id;
  return history.map((entry) => ({
    seq: entry.seq,
    at: entry.at,
    who: historyActor(entry.actor, locale),
    what: entryWords(entry, nodeName, text),
  }));
}
