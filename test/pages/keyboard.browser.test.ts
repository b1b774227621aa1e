import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openPage } from "../support/browser.ts";
import { browserSuite } from "../support/browser-suite.ts";
import { DUO } from "../support/duo-template.ts";
import { eventually } from "../support/eventually.ts";

/**
 * The pages without a mouse: every control is reached by Tab in the document's order with its
 * focus drawn, and a person decides, adds a signer and starts a flow by typing, Space and
 * Enter alone. Desk size: a keyboard is a desk's.
 */

/** A browser test's time limit: a hundred key presses and a few pages on a busy machine. */
const KEYBOARD_MS = 90_000;

/** At most this many Tabs through one page before giving up: the pages have fewer stops. */
const MAX_TABS = 120;

const suite = browserSuite({ templates: [DUO], pages: false });

/** `user`'s desk page, signed in through the dev header (nobody when undefined). */
async function deskOf(user?: string): Promise<Page> {
  const page = await openPage(suite.browser, "desk", user === undefined ? {} : { user });
  suite.watch(page);
  return page;
}

/** One place Tab stopped: which control (its index among the expected ones, if it is one). */
interface Stop {
  /** The control's index in {@link markControls}'s order, or -1 for another element. */
  index: number;
  /** What it is, for a failure to print: `tag#id[name=value]`. */
  what: string;
  /** Whether it is inside `<main>`. */
  inMain: boolean;
  /** Whether its focus is drawn: `:focus-visible` with an outline or a shadow. */
  drawn: boolean;
}

/**
 * Numbers (`data-kb`) the controls a keyboard must reach, in document order: links, buttons,
 * fields, selects, text areas that are rendered and enabled — of a radio group only the checked
 * member (Tab enters a group there; the arrows move inside it). Answers how many there are.
 */
const markControls = (page: Page) =>
  page.evaluate(() => {
    const candidates = document.querySelectorAll<HTMLElement>(
      "a[href], button, input:not([type=hidden]), select, textarea, iframe, [tabindex]",
    );
    const controls = [...candidates].filter((element) => {
      if (element.getAttribute("tabindex") === "-1") return false;
      if ((element as HTMLInputElement).disabled) return false;
      if (element.getClientRects().length === 0) return false;
      if (getComputedStyle(element).visibility === "hidden") return false;
      const radio = element as HTMLInputElement;
      if (radio.type !== "radio") return true;
      const group = [
        ...document.querySelectorAll<HTMLInputElement>(`input[type=radio][name="${radio.name}"]`),
      ];
      return radio === (group.find((member) => member.checked) ?? group[0]);
    });
    controls.forEach((element, index) => {
      element.dataset.kb = String(index);
    });
    return controls.length;
  });

/** Where focus is now. */
const stopOf = (page: Page): Promise<Stop> =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    const style = getComputedStyle(element);
    const outlined = style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) > 0;
    const name = element.getAttribute("name");
    return {
      index: element.dataset.kb === undefined ? -1 : Number(element.dataset.kb),
      what: `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}${name ? `[${name}=${(element as HTMLInputElement).value}]` : ""}`,
      inMain: document.querySelector("main")?.contains(element) ?? false,
      drawn: element.matches(":focus-visible") && (outlined || style.boxShadow !== "none"),
    };
  });

/**
 * Presses Tab from the top of the freshly opened page until focus leaves the document's last
 * control (back to the body or the first stop); answers every stop on the way.
 */
async function tabThrough(page: Page): Promise<Stop[]> {
  const stops: Stop[] = [];
  for (let pressed = 0; pressed < MAX_TABS; pressed += 1) {
    await page.keyboard.press("Tab");
    const stop = await stopOf(page);
    if (stop.what === "body" || (stop.index >= 0 && stop.index === stops[0]?.index)) break;
    stops.push(stop);
  }
  return stops;
}

/** Presses Tab until the focused element matches `selector`; fails if it never does. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let pressed = 0; pressed < MAX_TABS; pressed += 1) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The focused element's selector-ish name, for assertions on where a key press led. */
const focused = async (page: Page) => (await stopOf(page)).what;

/** What Tab must show on a page: every control once, in document order, its focus drawn. */
function expectAllReached(stops: Stop[], controls: number): void {
  const reached = stops.filter((stop) => stop.index >= 0).map((stop) => stop.index);
  expect(reached).toEqual([...Array(controls).keys()]);
  expect(stops.filter((stop) => !stop.drawn).map((stop) => stop.what)).toEqual([]);
}

/** Starts `duo` as rita and waits until olga's approval is open; answers its page's URL. */
async function duo(): Promise<{ instanceId: string; url: string }> {
  const instanceId = await suite.baton.start("duo", { app: "feed" });
  const { approvalId } = await suite.baton.pending("olga", instanceId);
  return { instanceId, url: `${suite.baton.url}/ui/approvals/${approvalId}` };
}

const record = (instanceId: string) =>
  suite.baton.backend.stores.approvals.get("default", instanceId, "review", 1);

describe("the pages by keyboard alone, in headless Chromium", () => {
  it(
    "the approval page: Tab reaches every control with its focus drawn, the skip link leads into the content, and olga fills the form and approves, omar adds ann after him, by keys only",
    async () => {
      // Prepare
      const { instanceId, url } = await duo();
      const olga = await deskOf("olga");
      const omar = await deskOf("omar");

      // Act: Tab through the page
      await olga.goto(url);
      const controls = await markControls(olga);
      const stops = await tabThrough(olga);

      // Act: the skip link
      await olga.goto(url);
      await olga.keyboard.press("Tab");
      const skip = await olga.evaluate(() => {
        const link = document.activeElement as HTMLElement;
        const box = link.getBoundingClientRect();
        return { className: link.className, shown: box.left >= 0 && box.top >= 0 };
      });
      await olga.keyboard.press("Enter");
      const skippedTo = new URL(olga.url()).hash;
      await olga.keyboard.press("Tab");
      const afterSkip = await stopOf(olga);

      // Act: olga decides by keys
      await olga.goto(url);
      await tabTo(olga, "#form\\.level");
      await olga.keyboard.type("2");
      await olga.keyboard.press("Tab");
      const ticketFocused = await focused(olga);
      await olga.keyboard.type("OPS-7");
      await olga.keyboard.press("Tab");
      const sizeFocused = await focused(olga);
      await olga.keyboard.type("4");
      await olga.keyboard.press("Tab");
      await olga.keyboard.type("checked by keyboard");
      await olga.keyboard.press("Tab");
      const approveFocused = await focused(olga);
      await Promise.all([olga.waitForURL(/\?done=approve$/), olga.keyboard.press("Enter")]);
      const olgaText = await olga.textContent("main");

      // Act: omar adds ann after himself, choosing the position with the arrows, by Space
      await omar.goto(url);
      await tabTo(omar, "#add-sign-user");
      await omar.keyboard.type("ann");
      await omar.keyboard.press("Tab");
      const radioFocused = await focused(omar);
      await omar.keyboard.press("ArrowDown");
      const position = await omar.evaluate(
        () => (document.querySelector("input[name=position]:checked") as HTMLInputElement).value,
      );
      await omar.keyboard.press("Tab");
      const commentFocused = await focused(omar);
      await omar.keyboard.press("Tab");
      const addSignFocused = await focused(omar);
      await Promise.all([omar.waitForURL(/\?done=addSign$/), omar.keyboard.press("Space")]);
      const omarText = await omar.textContent("main");

      // Assess: every control reached in order, focus drawn
      expect(controls).toBeGreaterThan(15);
      expectAllReached(stops, controls);
      // Assess: the skip link shows itself and leads past the header
      expect(skip).toEqual({ className: "skip", shown: true });
      expect(skippedTo).toBe("#main");
      expect(afterSkip.inMain).toBe(true);
      // Assess: the decision and the add-sign, made by keys, are recorded
      expect([ticketFocused, sizeFocused, approveFocused]).toEqual([
        "input#form.ticket[form.ticket=]",
        "select#form.size[form.size=]",
        "button[action=approve]",
      ]);
      expect(olgaText).toContain("Your approval is recorded.");
      expect(radioFocused).toBe("input#add-sign-before[position=before]");
      expect(position).toBe("after");
      expect(commentFocused).toBe("textarea#add-sign-comment[comment=]");
      expect(addSignFocused).toBe("button");
      expect(omarText).toContain("omar added ann after");
      expect((await record(instanceId))?.log).toEqual([
        {
          seat: expect.any(Number),
          by: "olga",
          act: "approve",
          output: { level: 2, ticket: "OPS-7", size: 4, comment: "checked by keyboard" },
        },
        {
          seat: expect.any(Number),
          by: "omar",
          act: "addSign",
          user: "ann",
          position: "after",
        },
      ]);
    },
    KEYBOARD_MS,
  );

  it(
    "the template page: Tab reaches every control of the page and the start form, and the starter fills it, saves a draft with Space and starts with Enter",
    async () => {
      // Prepare
      const starter = await deskOf("kai");
      const path = `${suite.baton.url}/ui/templates/cache-change`;

      // Act: Tab through the page, the draft buttons shown by its script
      await starter.goto(path);
      await starter.locator("#save-draft").waitFor();
      const controls = await markControls(starter);
      const stops = await tabThrough(starter);

      // Act: fill the form by keys
      await starter.goto(path);
      await tabTo(starter, "#form\\.requester");
      await starter.keyboard.type("kai");
      await tabTo(starter, "#form\\.owner");
      await starter.keyboard.type("olga");
      await tabTo(starter, "#form\\.app");
      await starter.keyboard.type("feed");
      await tabTo(starter, "#form\\.cluster");
      await starter.keyboard.type("live");
      await tabTo(starter, "#form\\.memoryGb");
      await starter.keyboard.type("128");
      const review = await starter.locator('#picture [data-node="sre"]').getAttribute("class");
      await tabTo(starter, "#save-draft");
      await starter.keyboard.press("Space");
      const saved = await starter.textContent("#draft-status");
      await starter.keyboard.press("Shift+Tab");
      const startFocused = await focused(starter);
      await Promise.all([
        starter.waitForURL(/\/ui\/instances\/[^/?]+$/),
        starter.keyboard.press("Enter"),
      ]);
      const instanceId = new URL(starter.url()).pathname.split("/").at(-1) ?? "";
      const instance = await suite.baton.call("GET", `/v1/instances/${instanceId}`, {
        user: "kai",
      });

      // Assess
      expect(controls).toBeGreaterThan(10);
      expectAllReached(stops, controls);
      expect(review).toContain("status-active");
      expect(saved).toBe("Draft saved in this browser.");
      expect(startFocused).toBe("button");
      expect(instance.json).toMatchObject({
        templateId: "cache-change",
        starter: "kai",
        input: {
          requester: "kai",
          owner: "olga",
          app: "feed",
          cluster: "live-core",
          memoryGb: 128,
        },
      });
    },
    KEYBOARD_MS,
  );

  it(
    "the approval link's page: Tab reaches every control, and the approver writes a comment and rejects by keys",
    async () => {
      // Prepare
      const instanceId = await suite.baton.start("cache-change", {
        requester: "rita",
        owner: "olga",
        app: "feed",
        cluster: "general",
        memoryGb: 8,
      });
      const { link } = await suite.baton.pending("olga", instanceId);
      const page = await deskOf();

      // Act
      await page.goto(link);
      const controls = await markControls(page);
      const stops = await tabThrough(page);
      await page.goto(link);
      await tabTo(page, "#comment");
      await page.keyboard.type("use the shared cache");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      const rejectFocused = await focused(page);
      await Promise.all([
        page.waitForResponse((answer) => answer.request().isNavigationRequest()),
        page.keyboard.press("Enter"),
      ]);
      await page.waitForLoadState();
      const text = await page.textContent("body");
      const settled = await eventually(
        () => suite.baton.call("GET", `/v1/instances/${instanceId}`, { user: "rita" }),
        (answer) => (answer.json as { status: string }).status !== "running",
      );

      // Assess
      expect(controls).toBe(3);
      expectAllReached(stops, controls);
      expect(rejectFocused).toBe("button[action=reject]");
      expect(text).toContain("Your decision is recorded");
      expect(text).toContain("The approval is rejected.");
      expect(settled.json).toMatchObject({
        status: "rejected",
        nodes: { lead: { output: { decidedBy: ["olga"], comment: "use the shared cache" } } },
      });
    },
    KEYBOARD_MS,
  );
});
