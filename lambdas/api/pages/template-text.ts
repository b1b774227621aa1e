import type { PageLocale } from "./page-locale.ts";

/**
 * The words the template page's script writes (the path preview, the draft notices): sent to
 * the browser with the page, so that the script speaks the page's language.
 */
export interface PreviewWords {
  /** Before the form says enough to preview anything. */
  empty: string;
  /** The lead-in of the previewed path's list. */
  lead: string;
  approvers: string;
  /** Between a seat's holders (a countersign group: any one of them). */
  or: string;
  nobody: string;
  /** An approval whose approvers come from a field not filled in yet; `{path}` names it. */
  unfilled: string;
  task: string;
  end: string;
  /** How the dry run ended, by the instance status it reached. */
  outcome: Record<"completed" | "rejected" | "failed" | "no-route" | "running", string>;
  draftSaved: string;
  draftRestored: string;
  draftDiscarded: string;
}

/** The words of the template pages (`/ui/templates`, `/ui/templates/{templateId}`). */
export interface TemplateText {
  listTitle: string;
  listIntro: string;
  noTemplates: string;
  name: string;
  id: string;
  latest: string;
  description: string;
  version: (version: number) => string;
  versions: string;
  olderVersion: (latest: number) => string;
  picture: string;
  pictureCaption: string;
  start: string;
  startIntro: string;
  startOlder: string;
  startButton: string;
  saveDraft: string;
  discardDraft: string;
  draftNote: string;
  problems: string;
  oneLine: string;
  path: string;
  pathIntro: string;
  pathNeedsScript: string;
  preview: PreviewWords;
}

/** The template pages' words in each language. */
export const TEMPLATE_TEXT: Record<PageLocale, TemplateText> = {
  en: {
    listTitle: "Templates",
    listIntro: "The flows you can start. Open one to see its picture and start it.",
    noTemplates: "No template is deployed yet.",
    name: "Name",
    id: "Id",
    latest: "Latest version",
    description: "Description",
    version: (version) => `version ${version}`,
    versions: "Versions",
    olderVersion: (latest) =>
      `This is an older version. New instances start on the latest, version ${latest}.`,
    picture: "Flow",
    pictureCaption: "The flow's steps and the conditions between them.",
    start: "Start a flow",
    startIntro: "Fill in the request. The server checks every field again when you start.",
    startOlder: "Starting is done on the latest version:",
    startButton: "Start",
    saveDraft: "Save draft",
    discardDraft: "Discard draft",
    draftNote:
      "A draft is kept in this browser only, for this template and for you; it is filled in again when you come back, and discarded when the flow starts.",
    problems: "The request was not started. Correct these fields:",
    oneLine: "one per line",
    path: "Approval path",
    pathIntro:
      "As you fill the form, the steps this request would reach are lit up in the picture and its approvers named: every condition is evaluated here as the engine would, taking every approval as approved and every task as succeeded.",
    pathNeedsScript:
      "The preview of the path needs JavaScript; everything else on this page works without it.",
    preview: {
      empty: "Fill in the form to see where the request would go.",
      lead: "This request would go through:",
      approvers: "approvers",
      or: " or ",
      nobody: "nobody to approve",
      unfilled: "approvers from {path}, not filled in yet",
      task: "automated step",
      end: "end",
      outcome: {
        completed: "If everyone approves, the flow completes.",
        rejected: "The flow would end rejected.",
        failed: "The flow would fail: a step has nobody to approve it.",
        "no-route": "No condition would route this request to the end.",
        running: "The flow would wait on a step no approval or task moves.",
      },
      draftSaved: "Draft saved in this browser.",
      draftRestored: "Your saved draft was filled in.",
      draftDiscarded: "Draft discarded.",
    },
  },
  "zh-CN": {
    listTitle: "流程模板",
    listIntro: "可以发起的流程。打开一个模板即可查看流程图并发起。",
    noTemplates: "尚未部署任何模板。",
    name: "名称",
    id: "标识",
    latest: "最新版本",
    description: "说明",
    version: (version) => `第 ${version} 版`,
    versions: "版本",
    olderVersion: (latest) => `这是旧版本。新的流程实例使用最新的第 ${latest} 版发起。`,
    picture: "流程图",
    pictureCaption: "流程的各个步骤以及步骤之间的条件。",
    start: "发起流程",
    startIntro: "填写申请内容。发起时服务器会再次校验每一项。",
    startOlder: "发起请使用最新版本：",
    startButton: "发起",
    saveDraft: "保存草稿",
    discardDraft: "删除草稿",
    draftNote:
      "草稿只保存在本浏览器中，按模板和用户分别保存；再次打开时自动填回，流程发起后即删除。",
    problems: "申请未发起。请修改以下各项：",
    oneLine: "每行一项",
    path: "审批路径",
    pathIntro:
      "填写表单时，流程图会实时标出这份申请将经过的步骤，并列出审批人：每个条件都按引擎的方式在本页计算，假定每个审批都同意、每个任务都成功。",
    pathNeedsScript: "审批路径预览需要 JavaScript；本页其余功能无需 JavaScript 即可使用。",
    preview: {
      empty: "填写表单后即可看到申请的流转路径。",
      lead: "这份申请将经过：",
      approvers: "审批人",
      or: " 或 ",
      nobody: "没有审批人",
      unfilled: "审批人取自 {path}，尚未填写",
      task: "自动步骤",
      end: "结束",
      outcome: {
        completed: "如果所有人都同意，流程即完成。",
        rejected: "流程将以驳回结束。",
        failed: "流程将失败：有步骤没有审批人。",
        "no-route": "没有任何条件能把这份申请带到结束。",
        running: "流程将停在一个审批和任务都无法推进的步骤。",
      },
      draftSaved: "草稿已保存在本浏览器中。",
      draftRestored: "已填回保存的草稿。",
      draftDiscarded: "草稿已删除。",
    },
  },
};
