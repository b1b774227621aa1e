import type { InboxView } from "../../core/contract/table-layout.ts";
import type { InstanceStatus } from "../../core/engine/instance-state.ts";
import type { ApprovalStatus } from "../../core/records/approval-record.ts";
import type { PageLocale } from "./page-locale.ts";
import { capitalized, STATUS_TEXT } from "./status-text.ts";

/** The words of the inbox page. */
export interface InboxText {
  title: string;
  views: string;
  /** Each tab's name. */
  view: Record<InboxView, string>;
  /** What each tab's table is, for its caption. */
  caption: Record<InboxView, string>;
  /** What an empty view says. */
  empty: Record<InboxView, string>;
  template: string;
  node: string;
  starter: string;
  since: string;
  status: string;
  instance: string;
  /** A CC of the whole flow (its end), not of one node. */
  wholeFlow: string;
  unknown: string;
  unread: string;
  pages: string;
  newest: string;
  older: string;
  /** An approval's status, as its cell starts it. */
  approvalStatus: Record<ApprovalStatus, string>;
  /** An instance's status, as its cell starts it. */
  instanceStatus: Record<InstanceStatus, string>;
}

/** The inbox page's words in each language. */
export const INBOX_TEXT: Record<PageLocale, InboxText> = {
  en: {
    title: "Inbox",
    views: "Inbox views",
    view: { todo: "To do", done: "Done", cc: "CC'd to me", started: "Started by me" },
    caption: {
      todo: "Approvals waiting for your decision, newest first",
      done: "Approvals you took part in that are closed for you, newest first",
      cc: "Flows copied to you, newest first",
      started: "Flows you started, newest first",
    },
    empty: {
      todo: "Nothing waits for your decision. New requests for you will appear here.",
      done: "You have not decided anything yet.",
      cc: "Nothing has been copied to you yet.",
      started: "You have not started any flow yet.",
    },
    template: "Flow",
    node: "Step",
    starter: "Started by",
    since: "When",
    status: "Status",
    instance: "Instance",
    wholeFlow: "Whole flow",
    unknown: "Unknown",
    unread: "Unread",
    pages: "Pages",
    newest: "Newest",
    older: "Older",
    approvalStatus: capitalized(STATUS_TEXT.en.approval, "en"),
    instanceStatus: capitalized(STATUS_TEXT.en.instance, "en"),
  },
  "zh-CN": {
    title: "待办",
    views: "待办分类",
    view: { todo: "待我处理", done: "我已处理", cc: "抄送我的", started: "我发起的" },
    caption: {
      todo: "等待你审批的事项，最新的在前",
      done: "你参与过且已不需你处理的审批，最新的在前",
      cc: "抄送给你的流程，最新的在前",
      started: "你发起的流程，最新的在前",
    },
    empty: {
      todo: "目前没有等待你审批的事项。新的申请会出现在这里。",
      done: "你还没有处理过任何审批。",
      cc: "还没有流程抄送给你。",
      started: "你还没有发起过流程。",
    },
    template: "流程",
    node: "环节",
    starter: "发起人",
    since: "时间",
    status: "状态",
    instance: "实例",
    wholeFlow: "整个流程",
    unknown: "未知",
    unread: "未读",
    pages: "翻页",
    newest: "最新",
    older: "更早",
    approvalStatus: capitalized(STATUS_TEXT["zh-CN"].approval, "zh-CN"),
    instanceStatus: capitalized(STATUS_TEXT["zh-CN"].instance, "zh-CN"),
  },
};
