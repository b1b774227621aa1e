import type { Frame, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEV_USER_COOKIE } from "../../lambdas/api/pages/page-context.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { loadTemplateFile } from "../../lambdas/core/template/load-template-file.ts";
import {
  axeViolations,
  openPage,
  screenshot,
  VIEWPORT_NAMES,
  watchProblems,
} from "../support/browser.ts";
import { browserSuite } from "../support/browser-suite.ts";
import type { PendingApproval } from "../support/served-baton.ts";

const VALUES = "[data-html-form-values]";

/** How the link page's decision is made at each size: a mouse click, and a finger's tap. */
const LINK_DECISIONS = [
  { size: "desk", by: "click" },
  { size: "phone", by: "click" },
  { size: "phone", by: "tap" },
] as const;

const suite = browserSuite({
  templates: async () => {
    const loaded = await loadTemplateFile("test/fixtures/html-form/release-check.yaml");
    return [loaded.template as Template];
  },
  pages: false,
});

/** Starts release-check as sam: rhea's pending review. */
async function review(): Promise<PendingApproval> {
  const instanceId = await suite.baton.start(
    "release-check",
    { service: "feed", version: "2.4.1" },
    "sam",
  );
  return suite.baton.pending("rhea", instanceId);
}

/** What the approval recorded so far: each entry's who, what and form values. */
async function recorded({ instanceId }: PendingApproval) {
  const approval = await suite.baton.backend.stores.approvals.get(
    "default",
    instanceId,
    "review",
    1,
  );
  return approval?.log.map((entry) => [entry.by, entry.act, entry.output]);
}

/** Opens the approval page as rhea, signed in by the dev picker's cookie (readable by the page). */
async function openAsRhea(size: (typeof VIEWPORT_NAMES)[number], { approvalId }: PendingApproval) {
  const page = await openPage(suite.browser, size);
  await page.context().addCookies([{ name: DEV_USER_COOKIE, value: "rhea", url: suite.baton.url }]);
  const problems = watchProblems(page);
  await page.goto(`${suite.baton.url}/ui/approvals/${approvalId}`);
  await page.frameLocator("iframe[sandbox]").getByText("Releasing feed 2.4.1").waitFor();
  const frame = page.frames().find((candidate) => candidate.url().endsWith("/form")) as Frame;
  return { page, frame, problems };
}

const APPROVE = 'button[value="approve"]';

/**
 * Brings Approve into view and waits for two animation frames, so that the scrolled page has
 * been drawn before a pointer goes to it. The frame runs in a process of its own, and Chromium
 * routes a pointer event to it by where it was last drawn: a click dispatched in the same frame
 * as the scroll (as `locator.click()` scrolls and clicks at once) lands where the frame stood
 * before the scroll, which below it is Approve's new place (docs/pages.md). A person always taps
 * what has been drawn.
 */
async function bringApproveIntoView(page: Page): Promise<void> {
  await page.locator(APPROVE).scrollIntoViewIfNeeded();
  await page.evaluate(
    () =>
      new Promise<void>((drawn) =>
        requestAnimationFrame(() => requestAnimationFrame(() => drawn())),
      ),
  );
}

/** Whether Approve is inside the window and is what a pointer at its centre hits. */
const reachOf = (page: Page) =>
  page.locator(APPROVE).evaluate((button) => {
    const box = button.getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return { inView: box.top >= 0 && box.bottom <= window.innerHeight, onTop: hit === button };
  });

/**
 * Scrolls the page to its foot as a finger does: a swipe up of touch events through the Chrome
 * DevTools Protocol, which Chromium scrolls by as it scrolls by a touchscreen's.
 */
async function swipeUp(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const touch = (type: "touchStart" | "touchMove" | "touchEnd", y: number) =>
    cdp.send("Input.dispatchTouchEvent", {
      type,
      touchPoints: type === "touchEnd" ? [] : [{ x: 180, y }],
    });
  await touch("touchStart", 650);
  for (let y = 620; y >= 50; y -= 30) await touch("touchMove", y);
  await touch("touchEnd", 50);
  await cdp.detach();
}

/** Waits until every message posted to the page so far has been handled. */
const settled = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((done) => {
        const mark = `settled-${Math.random()}`;
        window.addEventListener("message", (event) => event.data === mark && done());
        window.postMessage(mark, "*");
      }),
  );

describe("an approval node's HTML form in a sandboxed frame (headless Chromium)", () => {
  for (const size of VIEWPORT_NAMES) {
    it(`at ${size} size: the frame gets the context, its values land in the decision, axe finds nothing serious`, async () => {
      const pending = await review();
      const { page, frame, problems } = await openAsRhea(size, pending);

      const framed = await page.evaluate(() => {
        const iframe = document.querySelector("iframe");
        return {
          sandbox: iframe?.getAttribute("sandbox"),
          fallbackHidden: (document.querySelector("[data-schema-fields]") as HTMLElement).hidden,
          sideways: document.documentElement.scrollWidth > window.innerWidth,
        };
      });
      await frame.locator("#risk").selectOption("medium");
      await frame.locator("#rollback").check();
      await frame.locator("#notes").fill("canary ok");
      await page.waitForFunction(
        (selector) =>
          (document.querySelector(selector) as HTMLInputElement).value.includes("canary ok"),
        VALUES,
      );
      const violations = await axeViolations(page);
      await screenshot(page, "html-form");
      await bringApproveIntoView(page);
      await Promise.all([page.waitForURL(/\?done=approve$/), page.locator(APPROVE).click()]);

      expect(framed).toEqual({ sandbox: "allow-scripts", fallbackHidden: true, sideways: false });
      expect(violations).toEqual([]);
      expect(await recorded(pending)).toEqual([
        ["rhea", "approve", { risk: "medium", rollback: true, notes: "canary ok" }],
      ]);
      expect(problems).toEqual([]);
      await page.context().close();
    });
  }

  for (const { size, by } of LINK_DECISIONS) {
    it(`on the approval link's page (${size} size, nobody signed in): the frame's values go with a ${by} on Approve below the frame`, async () => {
      const pending = await review();
      const page = await openPage(suite.browser, size);
      const problems = watchProblems(page);

      await page.goto(pending.link);
      await page.frameLocator("iframe[sandbox]").getByText("Releasing feed 2.4.1").waitFor();
      const frame = page.frames().find((candidate) => candidate.url().endsWith("/form")) as Frame;
      await frame.locator("#risk").selectOption("high");
      await frame.locator("#rollback").check();
      await page.waitForFunction(
        (selector) => {
          const handed = (document.querySelector(selector) as HTMLInputElement).value;
          return handed.includes('"risk":"high"') && handed.includes('"rollback":true');
        },
        VALUES,
        { polling: 100 },
      );
      const fallbackHidden = await page.evaluate(
        () => (document.querySelector("[data-schema-fields]") as HTMLElement).hidden,
      );
      if (by === "tap") await swipeUp(page);
      else await bringApproveIntoView(page);
      const reach = await reachOf(page);
      if (by === "tap") await page.locator(APPROVE).tap();
      else await page.locator(APPROVE).click();
      await page.getByRole("heading", { name: "Your decision is recorded" }).waitFor();

      expect(fallbackHidden).toBe(true);
      expect(reach).toEqual({ inView: true, onTop: true });
      expect(await recorded(pending)).toEqual([
        ["rhea", "approve", { risk: "high", rollback: true }],
      ]);
      expect(problems).toEqual([]);
      await page.context().close();
    });
  }

  it("the frame cannot read the page's cookies or document, and cannot post a decision by itself; a message from another window is ignored", async () => {
    const pending = await review();
    const { page, frame } = await openAsRhea("desk", pending);
    const decideUrl = `${suite.baton.url}/ui/approvals/${pending.approvalId}`;
    const handed = await page.locator(VALUES).inputValue();

    const pageCookie = await page.evaluate(() => document.cookie);
    const inside = await frame.evaluate(async (url) => {
      const attempt = async (act: () => unknown) => {
        try {
          return `read: ${String(await act())}`;
        } catch (error) {
          return (error as Error).name;
        }
      };
      return {
        cookie: await attempt(() => document.cookie),
        parentDocument: await attempt(() => window.parent.document.title),
        parentCsrf: await attempt(() =>
          window.parent.document.querySelector("input[name=csrf]")?.getAttribute("value"),
        ),
        fetch: await attempt(() =>
          fetch(url, {
            method: "POST",
            credentials: "include",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: "form=decide&action=approve",
          }).then((answer) => answer.status),
        ),
      };
    }, decideUrl);
    await frame.evaluate((url) => {
      const form = document.createElement("form");
      form.method = "post";
      form.action = url;
      for (const [name, value] of [
        ["form", "decide"],
        ["action", "approve"],
      ]) {
        const field = document.createElement("input");
        field.name = name as string;
        field.value = value as string;
        form.append(field);
      }
      document.body.append(form);
      form.submit();
    }, decideUrl);
    await page.evaluate(() =>
      window.postMessage({ type: "baton:values", values: { risk: "high", rollback: false } }, "*"),
    );
    await settled(page);

    expect(pageCookie).toContain(`${DEV_USER_COOKIE}=rhea`);
    expect(inside).toEqual({
      cookie: "SecurityError",
      parentDocument: "SecurityError",
      parentCsrf: "SecurityError",
      fetch: "TypeError",
    });
    expect(page.frames().find((candidate) => candidate.url().endsWith("/form"))).toBeDefined();
    expect(await page.locator(VALUES).inputValue()).toBe(handed);
    expect(JSON.parse(handed)).toEqual({ risk: "low", rollback: false });
    expect(await recorded(pending)).toEqual([]);
    await page.context().close();
  });
});
