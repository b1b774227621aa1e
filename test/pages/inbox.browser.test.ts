import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEV_USER_HEADER } from "../../lambdas/api/dev-identity.ts";
import {
  axeViolations,
  screenshot,
  VIEWPORT_NAMES,
  VIEWPORTS,
  watchProblems,
} from "../support/browser.ts";
import { browserSuite, olgasApproval } from "../support/browser-suite.ts";

const suite = browserSuite();
const { pages } = suite;

/** Clicks a link or button and waits for the page it leads to; answers its status. */
async function follow(page: Page, selector: string): Promise<number | undefined> {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response?.status();
}

/** Whether the page scrolls sideways as a whole (a wide table may scroll in its own box). */
const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe("the inbox page (/ui/inbox) in headless Chromium", () => {
  it.each(VIEWPORT_NAMES)(
    "at the %s size: signs in with the picker, lists the to-do view, switches to done, and a row opens its approval page",
    async (size) => {
      // Prepare
      const page = pages[size];
      const older = await olgasApproval(suite.baton);
      const decided = await olgasApproval(suite.baton);
      const newest = await olgasApproval(suite.baton);
      const answer = await suite.baton.call(
        "POST",
        `/v1/approvals/${decided.approvalId}/decision`,
        {
          user: "olga",
          json: { action: "approve", comment: "fine" },
        },
      );
      expect(answer.status).toBe(200);

      // Act
      const anonymous = await page.goto(`${suite.baton.url}/ui/inbox`);
      await page.fill("#dev-user", "olga");
      const signedIn = await follow(page, "header.shell form button");
      const todoUrl = page.url();
      const todoIds = await page.locator("tbody a.id").allTextContents();
      const current = await page.locator('.tabs a[aria-current="page"]').textContent();
      const todoViolations = await axeViolations(page);
      const todoSideways = await scrollsSideways(page);
      await screenshot(page, "inbox");
      const done = await follow(page, ".tabs a[href='/ui/inbox?view=done']");
      const doneUrl = page.url();
      const doneRows = await page.locator("tbody tr").allTextContents();
      const doneCurrent = await page.locator('.tabs a[aria-current="page"]').textContent();
      const doneViolations = await axeViolations(page);
      await follow(page, ".tabs a[href='/ui/inbox?view=cc']");
      const empty = await page.locator("main .empty").textContent();
      const emptyViolations = await axeViolations(page);
      await page.goto(`${suite.baton.url}/ui/inbox`);
      await follow(page, `tbody a[href='/ui/approvals/${newest.approvalId}']`);
      const opened = page.url();

      // Assess
      expect(anonymous?.status()).toBe(401);
      expect(signedIn).toBe(200);
      expect(todoUrl).toBe(`${suite.baton.url}/ui/inbox`);
      expect(todoIds.slice(0, 2)).toEqual([newest.instanceId, older.instanceId]);
      expect(todoIds).not.toContain(decided.instanceId);
      expect(current).toMatch(/^To do \d+$/);
      expect(todoViolations).toEqual([]);
      expect(todoSideways).toBe(false);
      expect(done).toBe(200);
      expect(doneUrl).toBe(`${suite.baton.url}/ui/inbox?view=done`);
      expect(doneRows[0]).toContain(decided.instanceId);
      expect(doneRows[0]).toContain("Approved");
      expect(doneCurrent).toMatch(/^Done \d+$/);
      expect(doneViolations).toEqual([]);
      expect(empty).toContain("Nothing has been copied to you yet.");
      expect(emptyViolations).toEqual([]);
      expect(opened).toBe(`${suite.baton.url}/ui/approvals/${newest.approvalId}`);
    },
  );

  it("rewrites the times in the reader's own zone and language", async () => {
    // Prepare
    const { instanceId } = await olgasApproval(suite.baton);
    const context = await suite.browser.newContext({
      viewport: VIEWPORTS.phone,
      locale: "zh-CN",
      timezoneId: "Asia/Shanghai",
      extraHTTPHeaders: { [DEV_USER_HEADER]: "olga" },
    });
    const page = await context.newPage();
    const watched = watchProblems(page);

    // Act
    const server = await (
      await fetch(`${suite.baton.url}/ui/inbox`, {
        headers: { [DEV_USER_HEADER]: "olga", "accept-language": "zh-CN" },
      })
    ).text();
    await page.goto(`${suite.baton.url}/ui/inbox`);
    const row = page.locator("tbody tr", { hasText: instanceId });
    const moment = await row.locator("time").getAttribute("datetime");
    const shown = await row.locator("time").textContent();
    await context.close();

    // Assess
    const expected = new Intl.DateTimeFormat("zh-CN", {
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
      timeZone: "Asia/Shanghai",
    }).format(new Date(moment ?? ""));
    expect(shown).toBe(expected);
    expect(server).not.toContain(`>${expected}<`);
    expect(watched).toEqual([]);
  });
});
