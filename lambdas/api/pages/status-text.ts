import type { InstanceStatus, NodeStatus } from "../../core/engine/instance-state.ts";
import type { ApprovalStatus } from "../../core/records/approval-record.ts";
import type { PageLocale } from "./page-locale.ts";

/**
 * The words for the statuses the pages name, in one language: one word a status, whichever page
 * writes it. English words are in lower case, as they stand mid-sentence ("This step is
 * approved."); a page that starts a table cell with one reads it through {@link capitalized}.
 */
export interface StatusWords {
  /** Where an instance stands. */
  instance: Readonly<Record<InstanceStatus, string>>;
  /** Where a step (node) stands; a node's outcome is written with the status it leaves. */
  node: Readonly<Record<NodeStatus, string>>;
  /** Where an approval stands. */
  approval: Readonly<Record<ApprovalStatus, string>>;
}

/**
 * The status words of every page (inbox, approval, instance, the flow picture) in each language
 * the pages speak. Edges' statuses are named only by the picture, in `picture-text.ts`.
 *
 * @example
 * STATUS_TEXT["zh-CN"].node.approved; // "已同意"
 * STATUS_TEXT.en.instance["no-route"]; // "no route"
 */
export const STATUS_TEXT: Record<PageLocale, StatusWords> = {
  en: {
    instance: {
      running: "running",
      completed: "completed",
      rejected: "rejected",
      failed: "failed",
      timedOut: "timed out",
      "no-route": "no route",
      cancelled: "cancelled",
    },
    node: {
      waiting: "waiting",
      active: "in progress",
      approved: "approved",
      rejected: "rejected",
      succeeded: "succeeded",
      failed: "failed",
      timedOut: "timed out",
      skipped: "skipped",
      poisoned: "not reached",
      cancelled: "cancelled",
    },
    approval: {
      pending: "pending",
      approved: "approved",
      rejected: "rejected",
      timedOut: "timed out",
      withdrawn: "withdrawn",
    },
  },
  "zh-CN": {
    instance: {
      running: "进行中",
      completed: "已完成",
      rejected: "已驳回",
      failed: "失败",
      timedOut: "已超时",
      "no-route": "无可达路径",
      cancelled: "已取消",
    },
    node: {
      waiting: "未开始",
      active: "进行中",
      approved: "已同意",
      rejected: "已驳回",
      succeeded: "已成功",
      failed: "失败",
      timedOut: "已超时",
      skipped: "已跳过",
      poisoned: "未到达",
      cancelled: "已取消",
    },
    approval: {
      pending: "待审批",
      approved: "已同意",
      rejected: "已驳回",
      timedOut: "已超时",
      withdrawn: "已撤回",
    },
  },
};

/**
 * Status words as a table cell starts them: each with its first letter in capitals, by the
 * language's rules (a script without case, such as Chinese, is left as it is).
 *
 * @example
 * capitalized(STATUS_TEXT.en.approval, "en").timedOut; // "Timed out"
 * capitalized(STATUS_TEXT["zh-CN"].approval, "zh-CN").timedOut; // "已超时"
 */
export function capitalized<Status extends string>(
  words: Readonly<Record<Status, string>>,
  locale: PageLocale,
): Record<Status, string> {
  return Object.fromEntries(
    Object.entries<string>(words).map(([status, word]) => [
      status,
      word.charAt(0).toLocaleUpperCase(locale) + word.slice(1),
    ]),
  ) as Record<Status, string>;
}
