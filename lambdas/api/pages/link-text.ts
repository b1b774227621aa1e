import type { PageLocale } from "./page-locale.ts";

/** The words of the approval link's pages (`/a/{linkId}`): the page, the decision, a refusal. */
export interface LinkText {
  startedBy: (starter: string, at: string, instanceId: string, user: string) => string;
  request: string;
  empty: string;
  none: string;
  used: string;
  settled: (status: string) => string;
  comment: string;
  approve: string;
  reject: string;
  recorded: string;
  alreadyDecided: string;
  approvalIs: (status: string) => string;
  acts: Record<string, string>;
  linkTitle: string;
}

/**
 * The link pages' words in each language. Arguments passed to the functions are already
 * escaped HTML.
 */
export const LINK_TEXT: Record<PageLocale, LinkText> = {
  en: {
    startedBy: (starter, at, instanceId, user) =>
      `Started by <strong>${starter}</strong> at ${at} (instance ${instanceId}). You decide as <strong>${user}</strong>.`,
    request: "Request",
    empty: "empty",
    none: "none",
    used: "This link was already used.",
    settled: (status) => `This approval is ${status}; nothing is left to decide.`,
    comment: "Comment",
    approve: "Approve",
    reject: "Reject",
    recorded: "Your decision is recorded",
    alreadyDecided: "Already decided",
    approvalIs: (status) => `The approval is <strong>${status}</strong>.`,
    acts: {},
    linkTitle: "Approval link",
  },
  "zh-CN": {
    startedBy: (starter, at, instanceId, user) =>
      `由 <strong>${starter}</strong> 于 ${at} 发起（实例 ${instanceId}）。你以 <strong>${user}</strong> 的身份审批。`,
    request: "申请内容",
    empty: "空",
    none: "无",
    used: "此链接已使用过。",
    settled: (status) => `此审批${status}，无需再处理。`,
    comment: "意见",
    approve: "同意",
    reject: "驳回",
    recorded: "你的审批已记录",
    alreadyDecided: "已审批过",
    approvalIs: (status) => `此审批<strong>${status}</strong>。`,
    acts: {
      approve: "同意",
      reject: "驳回",
      transfer: "转签",
      addSign: "加签",
      remind: "催办",
    },
    linkTitle: "审批链接",
  },
};
