import type { PageLocale } from "./page-locale.ts";

/** The words of the template playground. */
export interface PlaygroundText {
  title: string;
  intro: string;
  source: string;
  sourceHint: string;
  check: string;
  problems: string;
  /** `line N` before a problem's message. */
  line: (line: number) => string;
  valid: string;
  /** How many problems, for the list's heading line. */
  count: (count: number) => string;
  picture: string;
  /** Where the picture would be while the template has never been valid. */
  noPicture: string;
  /** Beside a picture drawn from an earlier version of the text, which had no problem. */
  stalePicture: string;
}

/** The template playground's words in each language. */
export const PLAYGROUND_TEXT: Record<PageLocale, PlaygroundText> = {
  en: {
    title: "Template playground",
    intro:
      "Write a flow template in YAML. It is checked by the same rules as baton validate, and its picture is drawn, as you type. Nothing is saved.",
    source: "Template (YAML)",
    sourceHint:
      "Problems below name their line. Without JavaScript, press Check to have the server check the text.",
    check: "Check",
    problems: "Problems",
    line: (line) => `line ${line}`,
    valid: "No problems: this template is valid.",
    count: (count) => (count === 1 ? "1 problem" : `${count} problems`),
    picture: "Picture",
    noPicture: "The picture is drawn once the template has no problems.",
    stalePicture: "The text has problems: the picture shows its last valid version.",
  },
  "zh-CN": {
    title: "模板试验场",
    intro:
      "用 YAML 编写流程模板。输入时即按与 baton validate 相同的规则检查，并画出流程图。不会保存任何内容。",
    source: "模板（YAML）",
    sourceHint: "下方的问题会注明行号。未启用 JavaScript 时，请按“检查”由服务器检查。",
    check: "检查",
    problems: "问题",
    line: (line) => `第 ${line} 行`,
    valid: "没有问题：此模板有效。",
    count: (count) => `${count} 个问题`,
    picture: "流程图",
    noPicture: "模板没有问题后即会画出流程图。",
    stalePicture: "文本有问题：流程图显示的是上一个有效版本。",
  },
};
