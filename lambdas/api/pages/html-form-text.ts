import type { PageLocale } from "./page-locale.ts";

/** The words around an approval node's HTML form on the approval page. */
export interface HtmlFormText {
  /** The frame's accessible name. */
  frameTitle: string;
  /** What to do with the form. */
  hint: string;
  /** Said (politely, aria-live) when the form has handed over its values. */
  received: string;
}

/** The HTML form's words in each page language. */
export const HTML_FORM_TEXT: Readonly<Record<PageLocale, HtmlFormText>> = {
  en: {
    frameTitle: "The step's form",
    hint: "Fill in the form below, then approve or reject: the buttons send what you filled in.",
    received: "The form's values are ready to send with your decision.",
  },
  "zh-CN": {
    frameTitle: "本步骤的表单",
    hint: "请填写下方表单，然后选择同意或驳回：按钮会一并提交您填写的内容。",
    received: "表单内容已就绪，将随您的决定一起提交。",
  },
};
