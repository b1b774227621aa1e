import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  axeViolations,
  openPage,
  screenshot,
  VIEWPORT_NAMES,
  type ViewportName,
} from "../support/browser.ts";
import { browserSuite } from "../support/browser-suite.ts";
import { DUO } from "../support/duo-template.ts";
import { eventually } from "../support/eventually.ts";

const INPUT = {
  app: "feed",
  memoryGb: 64,
  owners: ["olga", "omar"],
  cluster: { name: "live-core", zones: ["a", "b"] },
};

/** A browser test's time limit: axe takes up to a second a document on a busy machine. */
const BROWSER_TEST_MS = 180_000;

const suite = browserSuite({ templates: [DUO], pages: false });
/** Each user's page at each size, opened on first use (a context of their own: the dev header). */
const pages = new Map<string, Page>();

/** `user`'s page at `size`, signed in through the dev header. */
async function pageOf(user: string, size: ViewportName): Promise<Page> {
  const key = `${user}@${size}`;
  let page = pages.get(key);
  if (!page) {
    page = await openPage(suite.browser, size, { user });
    suite.watch(page);
    pages.set(key, page);
  }
  return page;
}

/** Starts `duo` as rita and waits until olga's approval is open; answers its page's URL. */
async function started(): Promise<{ instanceId: string; url: string }> {
  const instanceId = await suite.baton.start("duo", INPUT);
  const { approvalId } = await suite.baton.pending("olga", instanceId);
  return { instanceId, url: `${suite.baton.url}/ui/approvals/${approvalId}` };
}

/** Clicks a submit button and answers the status of the page it leads to (after redirects). */
async function submit(page: Page, button: string): Promise<number> {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(button)]);
  await page.waitForLoadState();
  return response?.status() ?? 0;
}

const record = (instanceId: string) =>
  suite.baton.backend.stores.approvals.get("default", instanceId, "review", 1);

/** Whether the page scrolls sideways (it must not, even on a phone). */
const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe("the approval page (/ui/approvals/{approvalId}) in headless Chromium", () => {
  it.each(VIEWPORT_NAMES)(
    "at the %s size: a countersign — olga fills the form (the browser refuses a level out of range first) and approves, then omar approves on his own page view; the step is approved",
    async (size) => {
      // Prepare
      const { instanceId, url } = await started();
      const olga = await pageOf("olga", size);
      const omar = await pageOf("omar", size);

      // Act
      const opened = await olga.goto(url);
      const openViolations = await axeViolations(olga);
      const sideways = await scrollsSideways(olga);
      await screenshot(olga, "approval");
      await olga.getByLabel("Risk level").fill("7");
      await olga.click("button[value=approve]");
      const outOfRange = await olga.$eval("#form\\.level", (input) =>
        (input as HTMLInputElement).matches(":invalid"),
      );
      await olga.getByLabel("Ticket").fill("lower-case");
      const badTicket = await olga.$eval("#form\\.ticket", (input) =>
        (input as HTMLInputElement).matches(":invalid"),
      );
      const stayed = olga.url();
      const untouched = await record(instanceId);
      await olga.getByLabel("Risk level").fill("2");
      await olga.getByLabel("Ticket").fill("OPS-7");
      await olga.getByLabel("Size").selectOption("4");
      await olga.locator("#decide-comment").fill("capacity is there");
      const olgaDecided = await submit(olga, "button[value=approve]");
      const olgaText = await olga.textContent("main");
      const decidedViolations = await axeViolations(olga);
      await screenshot(olga, "approval-decided");
      await omar.goto(url);
      const omarHasForm = await omar.locator("button[value=approve]").count();
      await omar.getByLabel("Risk level").fill("1");
      const omarDecided = await submit(omar, "button[value=approve]");
      const omarText = await omar.textContent("main");
      const settled = await eventually(
        () => suite.baton.call("GET", `/v1/instances/${instanceId}`, { user: "rita" }),
        (answer) => (answer.json as { status: string }).status !== "running",
      );

      // Assess
      expect(opened?.status()).toBe(200);
      expect(await olga.title()).toBe("Capacity request: Capacity review · Baton");
      expect(openViolations).toEqual([]);
      expect(sideways).toBe(false);
      expect(outOfRange).toBe(true);
      expect(badTicket).toBe(true);
      expect(stayed).toBe(url);
      expect(untouched?.log).toEqual([]);
      expect(olgaDecided).toBe(200);
      expect(olgaText).toContain("Your approval is recorded.");
      expect(olgaText).toContain("Your part is recorded; the step waits for the others.");
      expect(decidedViolations).toEqual([]);
      expect(omarHasForm).toBe(1);
      expect(omarDecided).toBe(200);
      expect(omarText).toContain("This step is approved.");
      expect((await record(instanceId))?.log.map((entry) => [entry.by, entry.output])).toEqual([
        ["olga", { level: 2, ticket: "OPS-7", size: 4, comment: "capacity is there" }],
        ["omar", { level: 1 }],
      ]);
      expect((settled.json as { status: string }).status).toBe("completed");
    },
    BROWSER_TEST_MS,
  );

  it.each(VIEWPORT_NAMES)(
    "at the %s size: olga rejects on the page with the form filled and a comment; the step and the instance are rejected, and omar sees it read-only",
    async (size) => {
      // Prepare
      const { instanceId, url } = await started();
      const olga = await pageOf("olga", size);
      const omar = await pageOf("omar", size);

      // Act
      await olga.goto(url);
      await olga.getByLabel("Risk level").fill("3");
      await olga.locator("#decide-comment").fill("live-core is full");
      const rejected = await submit(olga, "button[value=reject]");
      const olgaUrl = olga.url();
      const olgaText = await olga.textContent("main");
      const olgaForms = await olga.locator("button[value=approve]").count();
      const rejectedViolations = await axeViolations(olga);
      const settled = await eventually(
        () => suite.baton.call("GET", `/v1/instances/${instanceId}`, { user: "rita" }),
        (answer) => (answer.json as { status: string }).status !== "running",
      );
      await omar.goto(url);
      const omarText = await omar.textContent("main");
      const omarForms = await omar.locator("button[value=approve]").count();

      // Assess
      expect(rejected).toBe(200);
      expect(olgaUrl).toBe(`${url}?done=reject`);
      expect(olgaText).toContain("Your rejection is recorded.");
      expect(olgaText).toContain("This step is rejected.");
      expect(olgaForms).toBe(0);
      expect(rejectedViolations).toEqual([]);
      expect(
        (await record(instanceId))?.log.map((entry) => [entry.by, entry.act, entry.output]),
      ).toEqual([["olga", "reject", { level: 3, comment: "live-core is full" }]]);
      expect((await record(instanceId))?.status).toBe("rejected");
      expect(settled.json).toMatchObject({
        status: "rejected",
        nodes: { review: { status: "rejected" } },
      });
      expect(omarText).toContain("This step is rejected.");
      expect(omarForms).toBe(0);
    },
    BROWSER_TEST_MS,
  );

  it.each(VIEWPORT_NAMES)(
    "at the %s size: olga transfers her seat to tom and omar adds ann after himself, both on the page; then tom, omar and ann decide",
    async (size) => {
      // Prepare
      const { instanceId, url } = await started();
      const olga = await pageOf("olga", size);
      const omar = await pageOf("omar", size);
      const tom = await pageOf("tom", size);
      const ann = await pageOf("ann", size);

      // Act
      await olga.goto(url);
      await olga.locator("#transfer-to").fill("tom");
      await olga.locator("#transfer-comment").fill("tom runs this cluster");
      const transferred = await submit(olga, "form:has(input[name=form][value=transfer]) button");
      const olgaText = await olga.textContent("main");
      const olgaForms = await olga.locator("button[value=approve]").count();
      await omar.goto(url);
      await omar.locator("#add-sign-user").fill("ann");
      await omar.getByLabel("After me").check();
      const added = await submit(omar, "form:has(input[name=form][value=add-sign]) button");
      const addViolations = await axeViolations(omar);
      await tom.goto(url);
      await tom.getByLabel("Risk level").fill("1");
      await submit(tom, "button[value=approve]");
      await omar.goto(url);
      await omar.getByLabel("Risk level").fill("2");
      await submit(omar, "button[value=approve]");
      await ann.goto(url);
      const annText = await ann.textContent("main");
      await ann.getByLabel("Risk level").fill("3");
      await submit(ann, "button[value=approve]");
      const settled = await eventually(
        () => suite.baton.call("GET", `/v1/instances/${instanceId}`, { user: "rita" }),
        (answer) => (answer.json as { status: string }).status !== "running",
      );

      // Assess
      expect(transferred).toBe(200);
      expect(olgaText).toContain("The step is transferred.");
      expect(olgaText).toContain("olga transferred to tom");
      expect(olgaForms).toBe(0);
      expect(added).toBe(200);
      expect(addViolations).toEqual([]);
      expect(annText).toContain("omar added ann after");
      expect((await record(instanceId))?.log.map((entry) => [entry.by, entry.act])).toEqual([
        ["olga", "transfer"],
        ["omar", "addSign"],
        ["tom", "approve"],
        ["omar", "approve"],
        ["ann", "approve"],
      ]);
      expect((settled.json as { status: string }).status).toBe("completed");
    },
    BROWSER_TEST_MS,
  );
});
