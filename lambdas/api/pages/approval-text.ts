import type { InstanceStatus } from "../../core/engine/instance-state.ts";
import type { ApprovalMode } from "../../core/model/template.ts";
import type { ApprovalStatus } from "../../core/records/approval-record.ts";
import type { FlowEventType } from "../../core/records/bus-event.ts";
import type { PageLocale } from "./page-locale.ts";
import { STATUS_TEXT } from "./status-text.ts";

/** The actions a person takes on the approval page, as its notices name them. */
export type ApprovalPageAction = "approve" | "reject" | "transfer" | "addSign" | "remind";

/** The words of the approval page (`/ui/approvals/{approvalId}`). */
export interface ApprovalText {
  request: string;
  template: string;
  startedBy: string;
  startedAt: string;
  instance: string;
  instanceStatus: string;
  step: string;
  mode: string;
  status: string;
  due: string;
  input: string;
  empty: string;
  none: string;
  yourDecision: string;
  comment: string;
  approve: string;
  reject: string;
  transfer: string;
  transferHint: string;
  transferTo: string;
  addSign: string;
  addSignHint: string;
  addSignUser: string;
  position: string;
  before: string;
  after: string;
  remind: string;
  remindHint: string;
  userHint: string;
  actions: string;
  noActions: string;
  picture: string;
  noPicture: string;
  pictureTitle: (flow: string, step: string) => string;
  history: string;
  when: string;
  who: string;
  what: string;
  problems: string;
  readOnly: string;
  waitingOthers: string;
  decided: (status: string) => string;
  done: Record<ApprovalPageAction, string>;
  already: string;
  approvalStatus: Readonly<Record<ApprovalStatus, string>>;
  instanceStatuses: Readonly<Record<InstanceStatus, string>>;
  modes: Record<ApprovalMode, string>;
  acted: {
    approve: string;
    reject: string;
    transfer: (user: string) => string;
    addSign: (user: string, position: "before" | "after") => string;
  };
  events: Record<FlowEventType, string>;
  outcome: (outcome: string) => string;
}

/** The approval page's words in each language. */
export const APPROVAL_TEXT: Record<PageLocale, ApprovalText> = {
  en: {
    request: "Request",
    template: "Flow",
    startedBy: "Started by",
    startedAt: "Started at",
    instance: "Instance",
    instanceStatus: "Instance status",
    step: "Step",
    mode: "Mode",
    status: "Status",
    due: "Due",
    input: "What was asked",
    empty: "empty",
    none: "none",
    yourDecision: "Your decision",
    comment: "Comment",
    approve: "Approve",
    reject: "Reject",
    transfer: "Transfer",
    transferHint:
      "Hand your seat on this step to someone else (转签); you can no longer act on it.",
    transferTo: "Transfer to (user id)",
    addSign: "Add a signer",
    addSignHint:
      "Ask someone else to sign too (加签): before you (they decide first, then it comes back to you) or after you.",
    addSignUser: "Signer to add (user id)",
    position: "When they sign",
    before: "Before me",
    after: "After me",
    remind: "Remind the approvers",
    remindHint: "You started this request: nudge whoever has to decide now (催办).",
    userHint: "A user id: letters, digits and . _ @ + -",
    actions: "Decisions on this step",
    noActions: "Nobody has acted on this step yet.",
    picture: "Where the request is",
    noPicture: "The flow picture is not available.",
    pictureTitle: (flow, step) => `The flow ${flow}, with the step ${step} marked`,
    history: "History",
    when: "When",
    who: "Who",
    what: "What",
    problems: "The form was not accepted:",
    readOnly: "You may read this approval, but you cannot act on it now.",
    waitingOthers: "Your part is recorded; the step waits for the others.",
    decided: (status) => `This step is ${status}.`,
    done: {
      approve: "Your approval is recorded.",
      reject: "Your rejection is recorded.",
      transfer: "The step is transferred.",
      addSign: "The signer is added.",
      remind: "The approvers are reminded.",
    },
    already: "This was already recorded: nothing was changed.",
    approvalStatus: STATUS_TEXT.en.approval,
    instanceStatuses: STATUS_TEXT.en.instance,
    modes: {
      any: "any one approver decides",
      all: "every seat must approve (countersign)",
      sequence: "approvers decide in order",
      vote: "vote",
    },
    acted: {
      approve: "approved",
      reject: "rejected",
      transfer: (user) => `transferred to ${user}`,
      addSign: (user, position) => `added ${user} ${position === "before" ? "before" : "after"}`,
    },
    events: {
      "flow.started": "started the request",
      "flow.ended": "the request ended",
      "node.activated": "step started",
      "node.completed": "step completed",
      "node.skipped": "step skipped",
      "node.cancelled": "step cancelled",
      "approval.requested": "approval requested",
      "approval.decided": "acted on the approval",
      "approval.reminded": "reminded the approvers",
      "task.requested": "task requested",
      "task.reminded": "task reminded",
    },
    outcome: (outcome) => `outcome: ${outcome}`,
  },
  "zh-CN": {
    request: "申请内容",
    template: "流程",
    startedBy: "发起人",
    startedAt: "发起时间",
    instance: "流程实例",
    instanceStatus: "实例状态",
    step: "审批节点",
    mode: "审批方式",
    status: "状态",
    due: "截止时间",
    input: "申请详情",
    empty: "空",
    none: "无",
    yourDecision: "审批意见",
    comment: "意见",
    approve: "同意",
    reject: "驳回",
    transfer: "转签",
    transferHint: "把你在本节点的审批交给他人；转出后你不能再处理。",
    transferTo: "转签给（用户 ID）",
    addSign: "加签",
    addSignHint: "请他人一起审批：在你之前（对方先审，再回到你）或在你之后。",
    addSignUser: "加签人（用户 ID）",
    position: "加签位置",
    before: "在我之前",
    after: "在我之后",
    remind: "催办",
    remindHint: "你是发起人：提醒当前审批人尽快处理。",
    userHint: "用户 ID：字母、数字及 . _ @ + -",
    actions: "本节点审批记录",
    noActions: "还没有人处理本节点。",
    picture: "流程进度",
    noPicture: "暂无流程图。",
    pictureTitle: (flow, step) => `流程「${flow}」，标出节点「${step}」`,
    history: "流转记录",
    when: "时间",
    who: "处理人",
    what: "操作",
    problems: "表单未通过校验：",
    readOnly: "你可以查看此审批，但现在不能处理。",
    waitingOthers: "你的审批已记录，等待其他审批人。",
    decided: (status) => `本节点${status}。`,
    done: {
      approve: "已同意。",
      reject: "已驳回。",
      transfer: "已转签。",
      addSign: "已加签。",
      remind: "已催办。",
    },
    already: "此操作已记录过，未作任何更改。",
    approvalStatus: STATUS_TEXT["zh-CN"].approval,
    instanceStatuses: STATUS_TEXT["zh-CN"].instance,
    modes: {
      any: "或签（任一人审批）",
      all: "会签（全部通过）",
      sequence: "依次审批",
      vote: "票签",
    },
    acted: {
      approve: "同意",
      reject: "驳回",
      transfer: (user) => `转签给 ${user}`,
      addSign: (user, position) => `${position === "before" ? "前" : "后"}加签 ${user}`,
    },
    events: {
      "flow.started": "发起申请",
      "flow.ended": "流程结束",
      "node.activated": "节点开始",
      "node.completed": "节点完成",
      "node.skipped": "节点跳过",
      "node.cancelled": "节点取消",
      "approval.requested": "发起审批",
      "approval.decided": "处理审批",
      "approval.reminded": "催办",
      "task.requested": "调用任务",
      "task.reminded": "任务提醒",
    },
    outcome: (outcome) => `结果：${outcome}`,
  },
};
