import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeViolations, screenshot, VIEWPORT_NAMES } from "../support/browser.ts";
import { browserSuite } from "../support/browser-suite.ts";

// Signed in by the dev user picker's cookie, as a browser on `npm start` is.
const suite = browserSuite({ cookieUser: (size) => `wu-lei-${size}` });
const { pages } = suite;

/** The status class a node of the picture has now (`status-active`, `status-skipped`, …). */
async function nodeStatus(page: Page, node: string): Promise<string | undefined> {
  const classes =
    (await page.locator(`#picture [data-node="${node}"]`).getAttribute("class")) ?? "";
  return classes.split(" ").find((name) => name.startsWith("status-"));
}

/** The previewed path's steps as the page lists them. */
const listed = (page: Page) => page.locator("#path-result li").allTextContents();

/** Fills the cache-change start form with a small cache on the general cluster. */
async function fillSmall(page: Page): Promise<void> {
  await page.fill("#form\\.requester", "wu-lei");
  await page.fill("#form\\.owner", "zhou-min");
  await page.fill("#form\\.app", "live-danmaku");
  await page.selectOption("#form\\.cluster", "general");
  await page.fill("#form\\.memoryGb", "8");
}

describe("the template page (/ui/templates/{id}) in headless Chromium", () => {
  it.each(VIEWPORT_NAMES)(
    "at the %s size: the path preview follows the form, a draft comes back, the start opens the instance",
    async (size) => {
      // Prepare
      const page = pages[size];
      await page.goto(`${suite.baton.url}/ui/templates`);
      const listViolations = await axeViolations(page);
      await page.click('a[href="/ui/templates/cache-change"]');
      await page.waitForURL(/\/ui\/templates\/cache-change$/);

      // Act: a small cache, then 128 GB on live-core
      const before = await page.textContent("#path-result li");
      await fillSmall(page);
      const small = { sre: await nodeStatus(page, "sre"), steps: await listed(page) };
      await page.fill("#form\\.memoryGb", "128");
      await page.selectOption("#form\\.cluster", "live-core");
      const big = {
        sre: await nodeStatus(page, "sre"),
        lead: await nodeStatus(page, "lead"),
        steps: await listed(page),
      };
      const violations = await axeViolations(page);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      await screenshot(page, "template");

      // Assert: the preview moved with the form
      expect(listViolations).toEqual([]);
      expect(before).toBe(
        "Application owner approval — approvers from input.owner, not filled in yet",
      );
      expect(small.sre).toBe("status-skipped");
      expect(small.steps.join(" | ")).not.toContain("DBA / SRE capacity review");
      expect(small.steps[0]).toBe("Application owner approval — approvers: zhou-min");
      expect(big.sre).toBe("status-active");
      expect(big.lead).toBe("status-active");
      expect(big.steps).toContain("DBA / SRE capacity review — approvers: dba-dana; sre-sam");
      expect(violations).toEqual([]);
      expect(overflow).toBeLessThanOrEqual(0);

      // Act: save a draft, come back to it
      await page.click("#save-draft");
      const saved = await page.textContent("#draft-status");
      await page.reload();
      const restored = {
        memory: await page.inputValue("#form\\.memoryGb"),
        cluster: await page.inputValue("#form\\.cluster"),
        status: await page.textContent("#draft-status"),
        sre: await nodeStatus(page, "sre"),
      };

      // Assert
      expect(saved).toBe("Draft saved in this browser.");
      expect(restored).toEqual({
        memory: "128",
        cluster: "live-core",
        status: "Your saved draft was filled in.",
        sre: "status-active",
      });

      // Act: start it
      await Promise.all([
        page.waitForURL(/\/ui\/instances\/[^/?]+$/),
        page.click('#start-form button[type="submit"]'),
      ]);
      const instanceId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
      const instance = await suite.baton.call("GET", `/v1/instances/${instanceId}`, {
        user: `wu-lei-${size}`,
      });
      await page.goto(`${suite.baton.url}/ui/templates/cache-change`);
      const afterStart = await page.inputValue("#form\\.memoryGb");

      // Assert: started with the typed input, the draft discarded
      expect(instance.status).toBe(200);
      expect(instance.json).toMatchObject({
        templateId: "cache-change",
        starter: `wu-lei-${size}`,
        input: { memoryGb: 128, cluster: "live-core", owner: "zhou-min" },
      });
      expect(afterStart).toBe("");
    },
    60_000,
  );

  it("keeps a draft through a start the server refuses, with the problem beside its field", async () => {
    // Prepare
    const page = pages.desk;
    await page.goto(`${suite.baton.url}/ui/templates/cache-change`);
    await fillSmall(page);
    await page.fill("#form\\.requester", "");
    await page.click("#save-draft");

    // Act: the browser's own check is switched off to reach the server's
    await page.evaluate(() => {
      document.querySelector("#start-form")?.setAttribute("novalidate", "");
    });
    await Promise.all([
      page.waitForLoadState("load"),
      page.click('#start-form button[type="submit"]'),
    ]);
    const problem = await page.locator("#form\\.requester + .field-problem").textContent();
    await page.goto(`${suite.baton.url}/ui/templates/cache-change`);
    const kept = await page.inputValue("#form\\.owner");

    // Assert
    expect(problem).toBe("input must have required property 'requester'");
    expect(kept).toBe("zhou-min");
  }, 60_000);

  it("reads choices and lists as the server does: ticking EXPORT adds the security review, a PII column the privacy officer", async () => {
    // Prepare
    const page = pages.desk;
    await page.goto(`${suite.baton.url}/ui/templates/table-permission`);
    await page.fill("#form\\.applicant", "wu-lei");
    await page.fill("#form\\.leader", "lu");
    await page.fill("#form\\.table", "dw.orders");
    await page.fill("#form\\.tableOwner", "tom");
    await page.selectOption("#form\\.department", "growth");
    await page.selectOption("#form\\.securityLevel", "L2");
    await page.check('input[name="form.privileges"][value="SELECT"]');
    await page.fill("#form\\.days", "30");

    // Act
    const read = {
      security: await nodeStatus(page, "security"),
      privacy: await nodeStatus(page, "privacy"),
    };
    await page.check('input[name="form.privileges"][value="EXPORT"]');
    const exporting = await nodeStatus(page, "security");
    await page.fill("#form\\.piiColumns", "phone\nemail");
    const personal = await nodeStatus(page, "privacy");
    const owner = await page.textContent('#path-result li[data-node="owner"]');

    // Assert
    expect(read).toEqual({ security: "status-skipped", privacy: "status-skipped" });
    expect(exporting).toBe("status-active");
    expect(personal).toBe("status-active");
    expect(owner).toBe("Table owner — approvers: tom");
  }, 60_000);
});
