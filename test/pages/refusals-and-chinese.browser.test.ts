import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { readLink, signLink } from "../../lambdas/core/security/approval-link.ts";
import { axeViolations, openPage, VIEWPORT_NAMES, type ViewportName } from "../support/browser.ts";
import { browserSuite, CACHE_CHANGE_INPUT, olgasApproval } from "../support/browser-suite.ts";

/**
 * axe on the pages the other browser files do not reach: the refusals (the 401 page with the
 * dev user picker, the 404 pages, an approval decided twice (409), a decision after the
 * withdrawal (410), an expired link (410)), the template page drawn again with the server's
 * problems, and the pages in Simplified Chinese. At both sizes.
 */

/** A browser test's time limit: axe takes up to a second a document on a busy machine. */
const AXE_MS = 120_000;

const suite = browserSuite({ pages: false });
/** Each user's page at each size (nobody's under ""), opened on first use and reused. */
const pages = new Map<string, Page>();

/** `user`'s page at `size`: signed in through the dev header, or nobody's for "". */
async function pageOf(user: string, size: ViewportName, locale?: string): Promise<Page> {
  const key = `${user}@${size}@${locale ?? ""}`;
  let page = pages.get(key);
  if (!page) {
    page = await openPage(suite.browser, size, {
      ...(user === "" ? {} : { user }),
      ...(locale ? { locale } : {}),
    });
    suite.watch(page);
    pages.set(key, page);
  }
  return page;
}

/** Opens `path` and answers its status, its `<html lang>`, its heading and axe's findings. */
async function look(page: Page, path: string) {
  const answer = await page.goto(path.startsWith("http") ? path : `${suite.baton.url}${path}`);
  return {
    status: answer?.status(),
    lang: await page.getAttribute("html", "lang"),
    heading: (await page.textContent("h1"))?.trim(),
    violations: await axeViolations(page),
  };
}

/** Clicks a submit button and answers the status of the page it leads to. */
async function submit(page: Page, button: string): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((answer) => answer.request().isNavigationRequest()),
    page.click(button),
  ]);
  await page.waitForLoadState();
  return response.status();
}

describe("axe on the refusal pages and the pages in Chinese, in headless Chromium", () => {
  it.each(VIEWPORT_NAMES)(
    "at the %s size: the 401 page with the user picker, the 404 pages and an expired link's 410 page",
    async (size) => {
      // Prepare
      const nobody = await pageOf("", size);
      const olga = await pageOf("olga", size);
      const { link } = await olgasApproval(suite.baton);
      const linkId = new URL(link).pathname.slice("/a/".length);
      const key = suite.baton.backend.secrets.linkKey;
      const claims = readLink(key, linkId);
      if (!claims) throw new Error("the inbox's link does not read");
      const expired = signLink(key, { ...claims, expiresAt: "2020-01-01T00:00:00.000Z" });

      // Act
      const signIn = await look(nobody, "/ui/inbox");
      const picker = await nobody.locator("#dev-user").count();
      const missing = [];
      for (const path of ["/ui/approvals/nope", "/ui/instances/nope", "/ui/templates/nope"]) {
        missing.push(await look(olga, path));
      }
      const noLink = await look(nobody, "/a/nope");
      const expiredLink = await look(nobody, `/a/${expired}`);

      // Assess
      expect(signIn).toMatchObject({ status: 401, lang: "en", violations: [] });
      expect(picker).toBe(1);
      expect(missing).toEqual([
        { status: 404, lang: "en", heading: "no approval nope", violations: [] },
        { status: 404, lang: "en", heading: "no instance nope", violations: [] },
        { status: 404, lang: "en", heading: "no template nope", violations: [] },
      ]);
      expect(noLink).toEqual({
        status: 404,
        lang: "en",
        heading: "Approval link",
        violations: [],
      });
      expect(expiredLink).toEqual({
        status: 410,
        lang: "en",
        heading: "Approval link",
        violations: [],
      });
      expect(await nobody.textContent("body")).toContain("this approval link has expired");
    },
    AXE_MS,
  );

  it.each(VIEWPORT_NAMES)(
    "at the %s size: the approval page's 409 (decided twice) and 410 (after the withdrawal), and the template page with the server's problems",
    async (size) => {
      // Prepare
      const olga = await pageOf("olga", size);
      const rita = await pageOf("rita", size);
      const twice = await olgasApproval(suite.baton);
      const withdrawn = await olgasApproval(suite.baton);
      const stale = await olga.context().newPage();
      suite.watch(stale);

      // Act: a second tab holding the same form posts after the first decided
      await olga.goto(`${suite.baton.url}/ui/approvals/${twice.approvalId}`);
      await stale.goto(`${suite.baton.url}/ui/approvals/${twice.approvalId}`);
      await submit(olga, "button[value=approve]");
      const conflict = await submit(stale, "button[value=approve]");
      const conflictNotice = await stale.textContent('[role="status"]');
      const conflictViolations = await axeViolations(stale);
      await stale.close();

      // Act: the starter withdraws while olga's form is open
      await olga.goto(`${suite.baton.url}/ui/approvals/${withdrawn.approvalId}`);
      await suite.baton.call("POST", `/v1/instances/${withdrawn.instanceId}/cancel`, {
        user: "rita",
      });
      const gone = await submit(olga, "button[value=approve]");
      const goneText = await olga.textContent("main");
      const goneViolations = await axeViolations(olga);

      // Act: a start the server refuses (the browser's own check switched off)
      await rita.goto(`${suite.baton.url}/ui/templates/cache-change`);
      await rita.fill("#form\\.owner", CACHE_CHANGE_INPUT.owner);
      await rita.evaluate(() =>
        document.querySelector("#start-form")?.setAttribute("novalidate", ""),
      );
      const refused = await submit(rita, '#start-form button[type="submit"]');
      const problems = await rita.locator("#start-problems li").count();
      const invalid = await rita.locator('[aria-invalid="true"]').count();
      const refusedViolations = await axeViolations(rita);

      // Assess
      expect(conflict).toBe(409);
      expect(conflictNotice).toBe("This was already recorded: nothing was changed.");
      expect(conflictViolations).toEqual([]);
      expect(gone).toBe(410);
      expect(goneText).toContain("This step is withdrawn.");
      expect(goneViolations).toEqual([]);
      expect(refused).toBe(400);
      expect(problems).toBeGreaterThan(0);
      expect(invalid).toBeGreaterThan(0);
      expect(refusedViolations).toEqual([]);
    },
    AXE_MS,
  );

  it.each(VIEWPORT_NAMES)(
    "at the %s size: the inbox, approval, instance and template pages with ?lang=zh-CN, and the link page to a Chinese browser",
    async (size) => {
      // Prepare
      const olga = await pageOf("olga", size);
      const chineseBrowser = await pageOf("", size, "zh-CN");
      const { approvalId, instanceId, link } = await olgasApproval(suite.baton);

      // Act
      const inbox = await look(olga, "/ui/inbox?lang=zh-CN");
      const approvalPage = await look(olga, `/ui/approvals/${approvalId}?lang=zh-CN`);
      const instance = await look(olga, `/ui/instances/${instanceId}?lang=zh-CN`);
      const template = await look(olga, "/ui/templates/cache-change?lang=zh-CN");
      const linkPage = await look(chineseBrowser, link);

      // Assess
      const chinese = { status: 200, lang: "zh-CN", violations: [] };
      expect(inbox).toMatchObject(chinese);
      expect(approvalPage).toMatchObject(chinese);
      expect(instance).toMatchObject(chinese);
      expect(template).toMatchObject(chinese);
      expect(linkPage).toMatchObject(chinese);
      expect(`${inbox.heading}${approvalPage.heading}${linkPage.heading}`).toMatch(
        /\p{Script=Han}/u,
      );
    },
    AXE_MS,
  );
});
