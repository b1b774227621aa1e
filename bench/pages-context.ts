import type { Browser, BrowserContext } from "playwright-core";
import { DEV_USER_COOKIE } from "../lambdas/api/pages/page-context.ts";
import { VIEWPORTS, type ViewportName } from "../test/support/browser.ts";

/**
 * A fresh browser context (its own cookies and an empty HTTP cache) at the desk or phone size of
 * the browser tests, signed in as `user` the way a person is in `baton dev`: by the user
 * picker's cookie on the engine at `url`.
 *
 * @example
 * const context = await signedInContext(browser, dev.url, "zhou-min", "phone");
 * const page = await context.newPage();
 */
export async function signedInContext(
  browser: Browser,
  url: string,
  user: string,
  size: ViewportName,
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: VIEWPORTS[size],
    isMobile: size === "phone",
    hasTouch: size === "phone",
    locale: "en-US",
  });
  await context.addCookies([{ name: DEV_USER_COOKIE, value: user, url }]);
  return context;
}
