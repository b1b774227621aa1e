import type { PageLocale } from "./page-locale.ts";

/** The words of the sign-in's own pages: a failed sign-in and signed out. */
export interface SignInText {
  failedTitle: string;
  /** Before the reason of a refused sign-in. */
  refused: string;
  /** Before the reason the identity provider could not be used. */
  providerFailed: string;
  signInAgain: string;
  signedOutTitle: string;
  signedOut: string;
}

/** The sign-in pages' words in each language (reasons stay in English, as they are logged). */
export const SIGN_IN_TEXT: Record<PageLocale, SignInText> = {
  en: {
    failedTitle: "Sign-in failed",
    refused: "Baton could not accept this sign-in:",
    providerFailed: "The identity provider could not be used:",
    signInAgain: "Sign in again",
    signedOutTitle: "Signed out",
    signedOut:
      "You have signed out of Baton. Your identity provider may still remember you until you sign out there.",
  },
  "zh-CN": {
    failedTitle: "登录失败",
    refused: "Baton 无法接受这次登录：",
    providerFailed: "无法使用身份提供方：",
    signInAgain: "重新登录",
    signedOutTitle: "已退出登录",
    signedOut: "你已退出 Baton。在身份提供方退出之前，它可能仍记得你。",
  },
};
