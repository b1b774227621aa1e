import type { Identity } from "../identity.ts";
import { escapeHtml } from "./escape-html.ts";
import type { PageAssets } from "./page-assets.ts";
import { PAGE_LOCALES, type PageLocale } from "./page-locale.ts";
import { SHELL_TEXT } from "./shell-text.ts";

/** The language names shown by the switch, each in its own language. */
const LOCALE_NAMES: Record<PageLocale, string> = { en: "English", "zh-CN": "简体中文" };

/** What every signed-in page (`/ui/…`) is drawn in. */
export interface ShellPage {
  /** The page's title, plain text (escaped here). */
  title: string;
  /** The page's main content, already escaped HTML. */
  body: string;
  locale: PageLocale;
  assets: PageAssets;
  /** The page's own path and query, which the language links and the user picker return to. */
  path: string;
  /** Who is signed in. @default nobody */
  identity?: Identity;
  /** The page's scripts, by asset name (`inbox.js`), loaded as modules. @default none */
  scripts?: readonly string[];
  /**
   * The development user picker, in embedded dev mode only: its form's CSRF token.
   * @default no picker
   */
  devPicker?: { csrf: string };
  /**
   * The sign-out button, for a person signed in by the sign-in's session cookie: its form's
   * CSRF token.
   * @default no button
   */
  signOut?: { csrf: string };
}

function withLang(path: string, locale: PageLocale): string {
  const url = new URL(path, "http://page");
  url.searchParams.set("lang", locale);
  return `${url.pathname}${url.search}`;
}

/**
 * A whole page of the `/ui` pages: skip link, navigation, who is signed in (and in dev mode the
 * user picker), the language switch, the content in `<main>`, the shared stylesheet and the
 * page's scripts as files — no inline script or style, so the strict CSP holds.
 *
 * @example
 * c.html(pageShell({ title: "Inbox", body, locale, assets, path: "/ui/inbox", identity }));
 */
export function pageShell(page: ShellPage): string {
  const text = SHELL_TEXT[page.locale];
  const nav = [
    ["/ui/inbox", text.inbox],
    ["/ui/templates", text.templates],
    ["/ui/playground", text.playground],
  ]
    .map(([href, label]) => `<li><a href="${href}">${escapeHtml(label as string)}</a></li>`)
    .join("");
  const languages = PAGE_LOCALES.map((locale) =>
    locale === page.locale
      ? `<span aria-current="true">${LOCALE_NAMES[locale]}</span>`
      : `<a href="${escapeHtml(withLang(page.path, locale))}" lang="${locale}" hreflang="${locale}">${LOCALE_NAMES[locale]}</a>`,
  ).join(" · ");
  const who = page.identity
    ? `${escapeHtml(text.signedInAs)} <strong>${escapeHtml(page.identity.user)}</strong>`
    : escapeHtml(text.notSignedIn);
  const picker = page.devPicker
    ? `<form method="post" action="/ui/dev-user" aria-label="${escapeHtml(text.devUser)}">
<input type="hidden" name="csrf" value="${escapeHtml(page.devPicker.csrf)}">
<input type="hidden" name="back" value="${escapeHtml(page.path)}">
<label for="dev-user" class="visually-hidden">${escapeHtml(text.devUser)}</label>
<input id="dev-user" name="user" required pattern="[A-Za-z0-9._@+\\-]{1,128}" value="${escapeHtml(page.identity?.user ?? "")}" title="${escapeHtml(text.devUserHint)}">
<button type="submit" class="secondary">${escapeHtml(text.switchUser)}</button>
</form>`
    : "";
  const signOut = page.signOut
    ? `<form method="post" action="/ui/sign-out" class="sign-out">
<input type="hidden" name="csrf" value="${escapeHtml(page.signOut.csrf)}">
<button type="submit" class="secondary">${escapeHtml(text.signOut)}</button>
</form>`
    : "";
  const scripts = (page.scripts ?? [])
    .map((name) => `<script type="module" src="${page.assets.url(name)}"></script>`)
    .join("\n");
  return `<!doctype html>
<html lang="${page.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(page.title)} · Baton</title>
<link rel="stylesheet" href="${page.assets.url("pages.css")}">
${scripts}
</head>
<body>
<a class="skip" href="#main">${escapeHtml(text.skip)}</a>
<header class="shell">
<nav aria-label="Baton"><ul>${nav}</ul></nav>
<p class="who">${who}</p>
${signOut}${picker}
<p class="languages" aria-label="${escapeHtml(text.language)}">${languages}</p>
</header>
<main id="main">
${page.body}
</main>
</body>
</html>
`;
}
