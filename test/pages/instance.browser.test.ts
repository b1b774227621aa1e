import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeViolations, screenshot, VIEWPORT_NAMES } from "../support/browser.ts";
import { browserSuite } from "../support/browser-suite.ts";

import { approval, flow } from "../support/template-builder.ts";

/** A trip request: the manager decides, then the flow ends. */
const TRIP = flow(
  [approval("manager", ["olga"], { name: "Manager approval" })],
  ["start>manager", "manager>end"],
  {
    id: "trip",
    name: "Business trip",
    input: { type: "object" },
  },
);

const TRIP_INPUT = {
  to: "Shanghai",
  nights: 2,
  travellers: [{ name: "rita", seat: "aisle" }],
};

// Signed in by the dev user picker's cookie, as a browser on `npm start` is: the page's live
// refresh must carry it too (the /v1 routes take only the header).
const suite = browserSuite({ templates: [TRIP], cookieUser: "rita" });
const { pages } = suite;

/** What the picture says: its description, each node's tooltip and class, each edge's class. */
const pictureOf = (page: Page) =>
  page.evaluate(() => ({
    description: document.querySelector("#picture svg > desc")?.textContent,
    nodes: [...document.querySelectorAll("#picture [data-node]")].map((node) => [
      node.querySelector("title")?.textContent,
      node.getAttribute("class"),
    ]),
    edges: [...document.querySelectorAll("#picture .edges path")].map((edge) =>
      edge.getAttribute("class"),
    ),
  }));

/** The classes of a picture's node or edge. */
const classOf = (page: Page, selector: string) =>
  page.locator(`#picture ${selector}`).first().getAttribute("class");

describe("the instance page (/ui/instances/{id}) in headless Chromium", () => {
  it.each(VIEWPORT_NAMES)(
    "at the %s size: the starter watches the request reach completed live while the manager decides elsewhere; the picture is coloured",
    async (size) => {
      // Prepare
      const page = pages[size];
      const id = await suite.baton.start("trip", TRIP_INPUT, "rita");
      const pending = await suite.baton.pending("olga", id);

      // Act
      const opened = await page.goto(`${suite.baton.url}/ui/instances/${id}`);
      const running = await page.textContent("#instance-status");
      const runningViolations = await axeViolations(page);
      const withdrawShown = await page.locator("#withdraw").count();
      const decided = await suite.baton.call(
        "POST",
        `/v1/approvals/${pending.approvalId}/decision`,
        {
          user: "olga",
          json: { action: "approve", comment: "have a good trip" },
        },
      );
      await page.waitForSelector('#instance-status[data-status="completed"]', { timeout: 15_000 });
      const history = await page.locator("#history-rows tr").allTextContents();
      const liveLabels = await page
        .locator("#history-rows tr:last-child td")
        .evaluateAll((cells) => cells.map((cell) => (cell as HTMLElement).dataset.label));
      const step = await page.textContent('[data-step="manager"]');
      const nodes = {
        start: await classOf(page, '[data-node="start"]'),
        manager: await classOf(page, '[data-node="manager"]'),
        end: await classOf(page, '[data-node="end"]'),
      };
      const edges = [
        await classOf(page, '[data-edge="0"]'),
        await classOf(page, '[data-edge="1"]'),
      ];
      const after = {
        liveNote: await page.locator("#live-note").count(),
        withdraw: await page.locator("#withdraw").count(),
        audit: await page.getAttribute("#audit", "data-audit"),
      };
      const livePicture = await pictureOf(page);
      const fresh = await page.context().newPage();
      await fresh.goto(`${suite.baton.url}/ui/instances/${id}`);
      const freshPicture = await pictureOf(fresh);
      await fresh.close();
      const wide = await page.evaluate(
        () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
      );
      const doneViolations = await axeViolations(page);
      await screenshot(page, "instance");

      // Assess
      expect(opened?.status()).toBe(200);
      expect(running).toBe("running");
      expect(runningViolations).toEqual([]);
      expect(withdrawShown).toBe(1);
      expect(decided.status).toBe(200);
      expect(
        history.some((row) => row.includes("olga") && row.includes("approved Manager approval")),
      ).toBe(true);
      expect(history.some((row) => row.includes("the request ended completed"))).toBe(true);
      expect(liveLabels).toEqual(["No.", "When", "Who", "What"]);
      expect(step).toBe("approved");
      expect(nodes).toEqual({
        start: "node node-start status-succeeded",
        manager: "node node-approval status-approved",
        end: "node node-end status-succeeded",
      });
      expect(edges).toEqual(["edge edge-fired", "edge edge-fired"]);
      expect(after).toEqual({ liveNote: 0, withdraw: 0, audit: "verified" });
      expect(livePicture.description).toBe(
        "start (start): succeeded; Manager approval (approval): approved; end (end): succeeded",
      );
      expect(livePicture).toEqual(freshPicture);
      expect(wide).toBe(false);
      expect(doneViolations).toEqual([]);
    },
    30_000,
  );

  it("on a phone: the starter withdraws the request after confirming, and sees it cancelled", async () => {
    // Prepare
    const page = pages.phone;
    const id = await suite.baton.start("trip", TRIP_INPUT, "rita");
    await suite.baton.pending("olga", id);
    await page.goto(`${suite.baton.url}/ui/instances/${id}`);

    // Act
    await page.getByRole("button", { name: "Withdraw the request" }).click();
    const unconfirmed = await page.$eval("#withdraw-confirm", (box) =>
      (box as HTMLInputElement).matches(":invalid"),
    );
    const stayed = page.url();
    await page.getByLabel("Yes, withdraw this request").check();
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.request().isNavigationRequest()),
      page.getByRole("button", { name: "Withdraw the request" }).click(),
    ]);
    await page.waitForLoadState();
    const status = await page.textContent("#instance-status");
    const notice = await page.textContent('[role="status"]');
    const stored = await suite.baton.backend.stores.instances.get("default", id);

    // Assess
    expect(unconfirmed).toBe(true);
    expect(stayed).toBe(`${suite.baton.url}/ui/instances/${id}`);
    expect(answer.status()).toBe(303);
    expect(page.url()).toBe(`${suite.baton.url}/ui/instances/${id}?done=withdrawn`);
    expect(status).toBe("cancelled");
    expect(notice).toBe("You withdrew this request.");
    expect(await page.locator("#withdraw").count()).toBe(0);
    expect(stored?.status).toBe("cancelled");
    expect(await axeViolations(page)).toEqual([]);
  });
});
