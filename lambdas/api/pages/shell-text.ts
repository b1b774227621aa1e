import type { PageLocale } from "./page-locale.ts";

/** The words of the page shell (navigation, language switch, dev user picker). */
export interface ShellText {
  skip: string;
  inbox: string;
  templates: string;
  playground: string;
  language: string;
  signedInAs: string;
  notSignedIn: string;
  devUser: string;
  devUserHint: string;
  switchUser: string;
  signOut: string;
}

/**
 * The shell's words in each language. Each page keeps its own words beside it in the same
 * shape (`Record<PageLocale, …>`), so a page and its translations change together.
 */
export const SHELL_TEXT: Record<PageLocale, ShellText> = {
  en: {
    skip: "Skip to content",
    inbox: "Inbox",
    templates: "Templates",
    playground: "Playground",
    language: "Language",
    signedInAs: "Signed in as",
    notSignedIn: "Not signed in",
    devUser: "Development user",
    devUserHint: "Development mode: pick who you are.",
    switchUser: "Switch",
    signOut: "Sign out",
  },
  "zh-CN": {
    skip: "跳到正文",
    inbox: "待办",
    templates: "流程模板",
    playground: "模板试验场",
    language: "语言",
    signedInAs: "当前用户",
    notSignedIn: "未登录",
    devUser: "开发用户",
    devUserHint: "开发模式：选择你的身份。",
    switchUser: "切换",
    signOut: "退出登录",
  },
};
