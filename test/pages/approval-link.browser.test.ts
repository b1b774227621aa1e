import { createHash } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { PANEL_TEMPLATE } from "../api/support/panel-template.ts";
import { axeViolations, screenshot, VIEWPORT_NAMES } from "../support/browser.ts";
import { browserSuite, olgasApproval } from "../support/browser-suite.ts";
import { eventually } from "../support/eventually.ts";
import type { PendingApproval } from "../support/served-baton.ts";

const suite = browserSuite({ templates: [PANEL_TEMPLATE] });
const { pages } = suite;

/** Everything opening or refusing the link could have changed of its instance: stores and bus. */
async function stateOf({ instanceId, nodeId, link }: PendingApproval) {
  const { stores } = suite.baton.backend;
  const linkId = new URL(link).pathname.slice("/a/".length);
  const linkHash = createHash("sha256").update(linkId).digest("hex");
  return {
    instance: await stores.instances.get("default", instanceId),
    approval: await stores.approvals.get("default", instanceId, nodeId, 1),
    history: await stores.history.list("default", instanceId),
    link: await stores.links.get("default", linkHash),
    inbox: (await stores.inbox.list("default", "olga", "todo")).items.filter(
      (item) => item.instanceId === instanceId,
    ),
    events: suite.baton.backend.bus.recent.filter((event) => event.instanceId === instanceId)
      .length,
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

const APPROVE = "button[value=approve]";

/** Whether the page scrolls sideways (it must not, even at 360 px). */
const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe("the approval link page (/a/{linkId}) in headless Chromium", () => {
  it.each(VIEWPORT_NAMES)(
    "at the %s size: the approver opens the link, approves with a comment and sees the decision recorded; a reload, a stale tab and going back show it already recorded",
    async (size) => {
      // Prepare
      const page = pages[size];
      const pending = await olgasApproval(suite.baton);
      const stale = await page.context().newPage();

      // Act
      const opened = await page.goto(pending.link);
      const openViolations = await axeViolations(page);
      const openSideways = await scrollsSideways(page);
      await screenshot(page, "approval-link");
      await stale.goto(pending.link);
      await page.fill("#comment", "looks fine");
      const decided = await submit(page, APPROVE);
      const decidedText = await page.textContent("body");
      const decidedViolations = await axeViolations(page);
      const decidedSideways = await scrollsSideways(page);
      await screenshot(page, "approval-link-decided");
      const reloaded = await page.reload();
      const reloadedText = await page.textContent("body");
      const staleStatus = await submit(stale, APPROVE);
      const staleText = await stale.textContent("body");
      const staleViolations = await axeViolations(stale);
      await page.goBack();
      const backText = await page.textContent("body");
      const backButtons = await page.locator("button").count();
      const node = await eventually(
        () => suite.baton.call("GET", `/v1/instances/${pending.instanceId}`, { user: "rita" }),
        (answer) =>
          (answer.json as { nodes: { lead: { status: string } } }).nodes.lead.status !== "active",
      );
      const history = await suite.baton.backend.stores.history.list("default", pending.instanceId);
      await stale.close();

      // Assess
      expect(opened?.status()).toBe(200);
      expect(await page.title()).toBe("Cache resource change: Application owner approval");
      expect(openViolations).toEqual([]);
      expect(openSideways).toBe(false);
      expect(decided).toBe(200);
      expect(decidedText).toContain("Your decision is recorded");
      expect(decidedText).toContain("The approval is approved.");
      expect(decidedText).toContain("olga: approve: “looks fine”");
      expect(decidedViolations).toEqual([]);
      expect(decidedSideways).toBe(false);
      expect(reloaded?.request().method()).toBe("POST");
      expect(reloaded?.status()).toBe(409);
      expect(reloadedText).toContain("Already decided");
      expect(reloadedText).toContain("olga: approve: “looks fine”");
      expect(staleStatus).toBe(409);
      expect(staleText).toContain("Already decided");
      expect(staleText).toContain("The approval is approved.");
      expect(staleViolations).toEqual([]);
      expect(backText).toContain("This link was already used.");
      expect(backButtons).toBe(0);
      expect((node.json as { nodes: object }).nodes).toMatchObject({
        lead: { status: "approved", output: { decidedBy: ["olga"], comment: "looks fine" } },
      });
      expect(history.filter((entry) => entry.type === "approval.decided")).toHaveLength(1);
    },
  );

  it("on a phone: the node's form is checked in the browser, then posted and stored as typed values", async () => {
    // Prepare
    const page = pages.phone;
    const instanceId = await suite.baton.start("panel", { what: "a new cache" }, "sam");
    const pending = await suite.baton.pending("p07", instanceId);

    // Act
    await page.goto(pending.link);
    const violations = await axeViolations(page);
    const sideways = await scrollsSideways(page);
    await page.click(APPROVE);
    const levelMissing = await page.$eval("#form\\.level", (input) =>
      (input as HTMLInputElement).matches(":invalid"),
    );
    const stayed = page.url();
    const untouched = await suite.baton.backend.stores.approvals.get(
      "default",
      instanceId,
      "review",
      1,
    );
    await page.getByLabel("Risk level").fill("2");
    await page.getByLabel("reason").selectOption("exception");
    await page.getByLabel("urgent").check();
    await page.getByLabel("Comment").fill("on call knows");
    await screenshot(page, "approval-link-form");
    const decided = await submit(page, APPROVE);
    const approval = await suite.baton.backend.stores.approvals.get(
      "default",
      instanceId,
      "review",
      1,
    );

    // Assess
    expect(violations).toEqual([]);
    expect(sideways).toBe(false);
    expect(levelMissing).toBe(true);
    expect(stayed).toBe(pending.link);
    expect(untouched?.status).toBe("pending");
    expect(untouched?.log).toEqual([]);
    expect(decided).toBe(200);
    expect(approval?.log[0]?.output).toEqual({
      level: 2,
      reason: "exception",
      urgent: true,
      comment: "on call knows",
    });
  });

  it("opening the link (GET, HEAD) in the browser and by a scanner changes nothing; the link still decides after", async () => {
    // Prepare
    const page = pages.desk;
    const pending = await olgasApproval(suite.baton);
    const before = await stateOf(pending);

    // Act
    const looks = [];
    for (const accept of ["text/html", "*/*", "application/json"]) {
      looks.push((await page.request.get(pending.link, { headers: { accept } })).status());
      looks.push((await page.request.head(pending.link, { headers: { accept } })).status());
      looks.push((await fetch(pending.link, { method: "HEAD", headers: { accept } })).status);
      looks.push((await page.goto(pending.link))?.status());
    }
    const after = await stateOf(pending);
    const decided = await submit(page, APPROVE);

    // Assess
    expect(looks).toEqual(Array(12).fill(200));
    expect(after).toEqual(before);
    expect(decided).toBe(200);
    expect((await stateOf(pending)).approval?.status).toBe("approved");
  });

  it("a POST from the page without or with a forged CSRF token is refused with 403 and changes nothing", async () => {
    // Prepare
    const page = pages.desk;
    const pending = await olgasApproval(suite.baton);
    const before = await stateOf(pending);

    // Act
    await page.goto(pending.link);
    await page.locator("[name=csrf]").evaluate((csrf) => csrf.remove());
    const missing = await submit(page, APPROVE);
    const text = await page.textContent("body");
    const violations = await axeViolations(page);
    await page.goto(pending.link);
    await page.locator("[name=csrf]").evaluate((csrf: HTMLInputElement) => {
      csrf.value = "A".repeat(csrf.value.length);
    });
    const forged = await submit(page, APPROVE);

    // Assess
    expect(missing).toBe(403);
    expect(text).toContain("the form is stale or forged: open the link again");
    expect(violations).toEqual([]);
    expect(forged).toBe(403);
    expect(await stateOf(pending)).toEqual(before);
  });
});
