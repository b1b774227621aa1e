import type { InstanceStatus, NodeStatus } from "../../core/engine/instance-state.ts";
import type { PageLocale } from "./page-locale.ts";
import { STATUS_TEXT } from "./status-text.ts";

/** How a history entry reads: what happened, to which step (its name), by the entry's detail. */
export interface HistoryWords {
  started: string;
  ended: (status: string, reason: string | undefined) => string;
  activated: (node: string) => string;
  completed: (node: string, outcome: string) => string;
  /** What a completion said, with the comment it carried. */
  commented: (said: string, comment: string) => string;
  skipped: (node: string) => string;
  cancelled: (node: string) => string;
  requested: (node: string, approvers: string) => string;
  decided: Record<"approve" | "reject" | "transfer" | "addSign", (node: string) => string>;
  reminded: (node: string, approvers: string) => string;
  taskRequested: (node: string, plugin: string, attempt: number) => string;
  taskReminded: (node: string) => string;
  /** An entry of a kind this page does not know, by its type. */
  other: (type: string) => string;
}

/** The words of the instance page (`/ui/instances/{instanceId}`). */
export interface InstanceText {
  title: (flow: string) => string;
  instance: string;
  status: string;
  template: string;
  version: (version: number) => string;
  startedBy: string;
  startedAt: string;
  endedAt: string;
  reason: string;
  request: string;
  empty: string;
  none: string;
  picture: string;
  noPicture: string;
  steps: string;
  step: string;
  live: string;
  history: string;
  seq: string;
  when: string;
  who: string;
  what: string;
  audit: string;
  verified: (entries: number) => string;
  broken: (seq: number) => string;
  download: string;
  withdraw: string;
  withdrawHint: string;
  withdrawConfirm: string;
  withdrawButton: string;
  withdrawn: string;
  instanceStatus: Readonly<Record<InstanceStatus, string>>;
  nodeStatus: Readonly<Record<NodeStatus, string>>;
  events: HistoryWords;
}

/** The instance page's words in each language. */
export const INSTANCE_TEXT: Record<PageLocale, InstanceText> = {
  en: {
    title: (flow) => `${flow}: request`,
    instance: "Instance",
    status: "Status",
    template: "Flow",
    version: (version) => `version ${version}`,
    startedBy: "Started by",
    startedAt: "Started at",
    endedAt: "Ended at",
    reason: "Why",
    request: "Request",
    empty: "empty",
    none: "none",
    picture: "Where the request is",
    noPicture: "The flow picture is not available: this version of the flow is no longer served.",
    steps: "Steps",
    step: "Step",
    live: "This page updates itself while the request runs.",
    history: "History",
    seq: "No.",
    when: "When",
    who: "Who",
    what: "What",
    audit: "Audit",
    verified: (entries) =>
      `Verified: the hash chain of ${entries} entries holds, and the installation's seal vouches for its last entry.`,
    broken: (seq) => `Broken at entry ${seq}: the history was changed after it was written.`,
    download: "Download the sealed history (JSON, for baton audit verify)",
    withdraw: "Withdraw",
    withdrawHint:
      "You started this request: you may withdraw it (撤回). Pending approvals are withdrawn and the flow stops.",
    withdrawConfirm: "Yes, withdraw this request",
    withdrawButton: "Withdraw the request",
    withdrawn: "You withdrew this request.",
    instanceStatus: STATUS_TEXT.en.instance,
    nodeStatus: STATUS_TEXT.en.node,
    events: {
      started: "started the request",
      ended: (status, reason) => `the request ended ${status}${reason ? ` (${reason})` : ""}`,
      activated: (node) => `${node} started`,
      completed: (node, outcome) => `${node}: ${outcome}`,
      commented: (said, comment) => `${said}; comment: “${comment}”`,
      skipped: (node) => `${node} skipped`,
      cancelled: (node) => `${node} cancelled`,
      requested: (node, approvers) => `${node}: asked ${approvers} to decide`,
      decided: {
        approve: (node) => `approved ${node}`,
        reject: (node) => `rejected ${node}`,
        transfer: (node) => `transferred ${node}`,
        addSign: (node) => `added a signer to ${node}`,
      },
      reminded: (node, approvers) => `reminded ${approvers} of ${node}`,
      taskRequested: (node, plugin, attempt) => `${node}: called ${plugin} (attempt ${attempt})`,
      taskReminded: (node) => `${node}: reminded the system working on it`,
      other: (type) => type,
    },
  },
  "zh-CN": {
    title: (flow) => `${flow}：申请详情`,
    instance: "流程实例",
    status: "状态",
    template: "流程",
    version: (version) => `第 ${version} 版`,
    startedBy: "发起人",
    startedAt: "发起时间",
    endedAt: "结束时间",
    reason: "原因",
    request: "申请内容",
    empty: "空",
    none: "无",
    picture: "流程进度",
    noPicture: "暂无流程图：该流程版本已不再提供。",
    steps: "节点",
    step: "节点",
    live: "流程运行期间，本页会自动刷新。",
    history: "流转记录",
    seq: "序号",
    when: "时间",
    who: "处理人",
    what: "事项",
    audit: "审计",
    verified: (entries) =>
      `已验证：${entries} 条记录的哈希链完整，且安装实例的签章担保其最后一条记录。`,
    broken: (seq) => `第 ${seq} 条记录处断裂：历史在写入后被改动过。`,
    download: "下载带签章的历史（JSON，供 baton audit verify 使用）",
    withdraw: "撤回",
    withdrawHint: "你是发起人，可以撤回本申请：待审批的节点将被撤回，流程停止。",
    withdrawConfirm: "确认撤回本申请",
    withdrawButton: "撤回申请",
    withdrawn: "你已撤回本申请。",
    instanceStatus: STATUS_TEXT["zh-CN"].instance,
    nodeStatus: STATUS_TEXT["zh-CN"].node,
    events: {
      started: "发起了申请",
      ended: (status, reason) => `申请结束：${status}${reason ? `（${reason}）` : ""}`,
      activated: (node) => `${node} 开始`,
      completed: (node, outcome) => `${node}：${outcome}`,
      commented: (said, comment) => `${said}；意见：“${comment}”`,
      skipped: (node) => `跳过 ${node}`,
      cancelled: (node) => `${node} 已取消`,
      requested: (node, approvers) => `${node}：请 ${approvers} 审批`,
      decided: {
        approve: (node) => `同意了 ${node}`,
        reject: (node) => `驳回了 ${node}`,
        transfer: (node) => `转签了 ${node}`,
        addSign: (node) => `为 ${node} 加签`,
      },
      reminded: (node, approvers) => `催办 ${approvers} 处理 ${node}`,
      taskRequested: (node, plugin, attempt) => `${node}：调用 ${plugin}（第 ${attempt} 次）`,
      taskReminded: (node) => `${node}：提醒处理中的系统`,
      other: (type) => type,
    },
  },
};
