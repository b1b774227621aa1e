import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import axe from "axe-core";
import { type Browser, chromium, type Page } from "playwright-core";
import { DEV_USER_HEADER } from "../../lambdas/api/dev-identity.ts";

/** Debian's Chromium: `.ci/run` installs it where it is missing. */
export const CHROMIUM = "/usr/bin/chromium";

/** The two sizes every page is tried at: a desk and a phone, in CSS pixels. */
export const VIEWPORTS = {
  desk: { width: 1280, height: 800 },
  phone: { width: 360, height: 740 },
} as const;

/** A viewport of {@link VIEWPORTS}. */
export type ViewportName = keyof typeof VIEWPORTS;

/** Both viewport names, for `it.each`. */
export const VIEWPORT_NAMES = Object.keys(VIEWPORTS) as ViewportName[];

/** Where {@link screenshot} writes (git-ignored). */
export const SCREENSHOT_FOLDER = join("test-artifacts", "screenshots");

/** An accessibility violation as a failed assertion should print it. */
export interface AxeViolation {
  /** The axe rule, e.g. `label`, `color-contrast`. */
  id: string;
  impact: "serious" | "critical";
  help: string;
  /** CSS selectors of the offending elements. */
  targets: string[];
}

/** How {@link openPage} opens a page. */
export interface PageOptions {
  /** Signs in as this user through the dev identity header. @default nobody (anonymous) */
  user?: string;
  /** The browser's language, sent as `Accept-Language`. @default "en-US" */
  locale?: string;
}

/**
 * Launches headless Chromium: once per test file, in `beforeAll`, closed in `afterAll`.
 * Playwright runs it without Chromium's sandbox (its `chromiumSandbox` is false by default,
 * which passes `--no-sandbox`): the sandbox refuses to start as root, as tests run on CI.
 *
 * @example
 * let browser: Browser;
 * beforeAll(async () => { browser = await launchBrowser(); });
 * afterAll(() => browser.close());
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM });
}

/**
 * Opens a page of its own (a fresh context: no cookies shared) at the desk or phone size; the
 * phone one also emulates a mobile viewport (`<meta name="viewport">` honoured) and touch. The
 * page may be reused by the tests of a file: close it, or leave it to `browser.close()`.
 *
 * @example
 * const phone = await openPage(browser, "phone", { user: "olga" });
 * await phone.goto(`${baton.url}/ui/inbox`);
 */
export async function openPage(
  browser: Browser,
  size: ViewportName,
  options: PageOptions = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: VIEWPORTS[size],
    isMobile: size === "phone",
    hasTouch: size === "phone",
    locale: options.locale ?? "en-US",
    ...(options.user === undefined
      ? {}
      : { extraHTTPHeaders: { [DEV_USER_HEADER]: options.user } }),
  });
  return context.newPage();
}

/** The name of the viewport a page was opened at. */
function sizeOf(page: Page): ViewportName {
  const viewport = page.viewportSize();
  const size = VIEWPORT_NAMES.find(
    (name) =>
      VIEWPORTS[name].width === viewport?.width && VIEWPORTS[name].height === viewport.height,
  );
  if (!size) throw new Error(`the page is not at a known size: ${JSON.stringify(viewport)}`);
  return size;
}

/**
 * Writes a full-page screenshot to `test-artifacts/screenshots/{name}-{desk|phone}.png`,
 * the suffix from the page's viewport; answers the file's path.
 *
 * @example
 * await screenshot(page, "approval"); // test-artifacts/screenshots/approval-phone.png
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_FOLDER, { recursive: true });
  const path = join(SCREENSHOT_FOLDER, `${name}-${sizeOf(page)}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Runs axe-core on the page as it is now and answers its serious and critical violations,
 * with the offending elements' selectors, so that `expect(await axeViolations(page)).toEqual([])`
 * prints what to fix. axe is injected by evaluation (as a debugger would), which the page's
 * Content-Security-Policy does not govern, so the page is tested under its real policy.
 *
 * @example
 * await page.goto(link);
 * expect(await axeViolations(page)).toEqual([]);
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  const results = await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run());
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact as AxeViolation["impact"],
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(" ")),
    }));
}

/** Chromium's console line for an answer of 400 or more, reported by the response instead. */
const FAILED_LOAD = "Failed to load resource:";

/**
 * Collects what goes wrong in a page from now on, as text: console errors (a script or style
 * the Content-Security-Policy refused, say), uncaught exceptions, and subresources (scripts,
 * styles, images, fetches) that failed or were answered 400 or more. The page's own
 * navigations are left out: their statuses are for the test to assert (a 403 page is fine).
 * The array fills as the page runs; assert it empty after the steps.
 *
 * @example
 * const problems = watchProblems(page);
 * await page.goto(link);
 * expect(problems).toEqual([]);
 */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith(FAILED_LOAD)) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("response", (response) => {
    const request = response.request();
    if (response.status() >= 400 && !request.isNavigationRequest()) {
      problems.push(`answered ${response.status()}: ${request.method()} ${response.url()}`);
    }
  });
  page.on("requestfailed", (request) => {
    if (!request.isNavigationRequest()) {
      problems.push(
        `failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`,
      );
    }
  });
  return problems;
}
