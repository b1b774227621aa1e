import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import type { ApiOptions } from "../../lambdas/api/create-api-app.ts";
import { DEV_USER_COOKIE } from "../../lambdas/api/pages/page-context.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import {
  launchBrowser,
  openPage,
  VIEWPORT_NAMES,
  type ViewportName,
  watchProblems,
} from "./browser.ts";
import { type PendingApproval, type ServedBaton, serveBaton } from "./served-baton.ts";

/** How {@link browserSuite} sets up a browser test file. */
export interface BrowserSuiteOptions {
  /**
   * Templates served besides those of `definitions/`, or a function answering them (run in
   * `beforeAll`, e.g. to load a fixture file).
   * @default []
   */
  templates?: readonly Template[] | (() => Promise<readonly Template[]>);
  /** Whether to open one page per viewport in `beforeAll`, as `suite.pages`. @default true */
  pages?: boolean;
  /** Signs the viewport pages in as this user through the dev identity header. @default nobody */
  user?: string;
  /**
   * Signs the viewport pages in by the dev user picker's cookie, as a browser on `npm start`
   * is: this user, or the user for each size.
   * @default nobody
   */
  cookieUser?: string | ((size: ViewportName) => string);
  /**
   * API options over {@link serveBaton}'s, answered in `beforeAll` before Baton is served
   * (so it may start what they need first, e.g. an identity provider).
   * @default serveBaton's: the development identity and user picker
   */
  api?: () => Promise<Partial<ApiOptions>>;
}

/** What {@link browserSuite} answers: set once its `beforeAll` has run. */
export interface BrowserSuite {
  /** Headless Chromium, closed in `afterAll`. */
  readonly browser: Browser;
  /** Baton served in-process, closed in `afterAll`. */
  readonly baton: ServedBaton;
  /** One page per viewport (empty when `pages` is false), watched for problems. */
  readonly pages: Record<ViewportName, Page>;
  /** Watches a page the test file opened itself: its problems fail the test they occur in. */
  watch(page: Page): void;
}

/**
 * Registers a browser test file's hooks: `beforeAll` (60 s) launches Chromium, serves Baton
 * and opens a page per viewport watched by `watchProblems`; `afterEach` expects no problem
 * reported by any watched page since the last test; `afterAll` closes the browser and Baton.
 * Call it once, at the top of the file.
 *
 * @example
 * const suite = browserSuite({ templates: [TRIP], cookieUser: "rita" });
 * it("opens the inbox", async () => {
 *   await suite.pages.desk.goto(`${suite.baton.url}/ui/inbox`);
 * });
 */
export function browserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  let browser: Browser | undefined;
  let baton: ServedBaton | undefined;
  const pages = {} as Record<ViewportName, Page>;
  const problems: string[][] = [];
  const watch = (page: Page) => {
    problems.push(watchProblems(page));
  };

  beforeAll(async () => {
    const { templates = [] } = options;
    const served = typeof templates === "function" ? await templates() : templates;
    const api = await options.api?.();
    [browser, baton] = await Promise.all([
      launchBrowser(),
      serveBaton({ templates: served, ...(api ? { api } : {}) }),
    ]);
    if (options.pages === false) return;
    for (const size of VIEWPORT_NAMES) {
      const page = await openPage(browser, size, { user: options.user });
      const { cookieUser } = options;
      if (cookieUser !== undefined) {
        const value = typeof cookieUser === "function" ? cookieUser(size) : cookieUser;
        await page.context().addCookies([{ name: DEV_USER_COOKIE, value, url: baton.url }]);
      }
      pages[size] = page;
      watch(page);
    }
  }, 60_000);

  afterEach(() => {
    const reported = problems.flatMap((list) => list.splice(0));
    expect(reported).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await baton?.close();
  });

  return {
    get browser() {
      if (!browser) throw new Error("browserSuite: the browser is used before beforeAll ran");
      return browser;
    },
    get baton() {
      if (!baton) throw new Error("browserSuite: Baton is used before beforeAll ran");
      return baton;
    },
    pages,
    watch,
  };
}

/** The sample `cache-change` input the page tests start: rita asks, olga owns, 8 GB. */
export const CACHE_CHANGE_INPUT = {
  requester: "rita",
  owner: "olga",
  app: "feed",
  cluster: "general",
  memoryGb: 8,
};

/**
 * Starts `cache-change` as rita with {@link CACHE_CHANGE_INPUT} and waits for the owner's
 * approval: olga's pending approval, with its link.
 *
 * @example
 * const { link } = await olgasApproval(suite.baton);
 * await page.goto(link);
 */
export async function olgasApproval(baton: ServedBaton): Promise<PendingApproval> {
  const instanceId = await baton.start("cache-change", CACHE_CHANGE_INPUT);
  return baton.pending("olga", instanceId);
}
