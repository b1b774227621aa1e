import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEV_USER_HEADER } from "../../lambdas/api/dev-identity.ts";
import { PLAYGROUND_EXAMPLE } from "../../lambdas/api/pages/playground-example.ts";
import { axeViolations, screenshot, VIEWPORT_NAMES, VIEWPORTS } from "../support/browser.ts";
import { browserSuite } from "../support/browser-suite.ts";

const suite = browserSuite({ user: "tess" });
const { pages } = suite;

/** The example's last line is 23; a line typed after it is line 24. */
const TYPED_LINE = PLAYGROUND_EXAMPLE.split("\n").length;

const edgesDrawn = (page: Page) => page.locator("#picture svg [data-edge]").count();

describe("the template playground in a browser", () => {
  it.each(VIEWPORT_NAMES)(
    "%s: an error typed shows its line, fixed it redraws the picture; axe finds nothing",
    async (size) => {
      const page = pages[size];
      const answer = await page.goto(`${suite.baton.url}/ui/playground`);
      expect(answer?.status()).toBe(200);
      await expect.poll(() => page.locator("#problems").textContent()).toContain("No problems");
      expect(await edgesDrawn(page)).toBe(5);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, "playground");
      // The page itself never scrolls sideways; a wide picture scrolls in its own box.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      expect(page.viewportSize()).toEqual(VIEWPORTS[size]);

      // Type an edge to a node that does not exist, at the end of the text, by keyboard.
      const editor = page.getByLabel("Template (YAML)");
      await editor.focus();
      await page.keyboard.press("Control+End");
      await page.keyboard.type("  - { from: pay, to: ghost }");
      const problem = page.locator(`#problems li[data-line="${TYPED_LINE}"]`);
      await expect
        .poll(() => problem.textContent())
        .toMatch(new RegExp(`^line ${TYPED_LINE}: edge \`pay→ghost\``));
      await expect.poll(() => page.locator("#picture-note").isVisible()).toBe(true);
      expect(await edgesDrawn(page)).toBe(5);
      expect(await page.locator("#problems").getAttribute("aria-live")).toBe("polite");
      expect(await axeViolations(page)).toEqual([]);

      // Its "line 24" link, by keyboard, selects that line in the editor.
      await page.keyboard.press("Control+Home");
      await problem.locator("a.line").focus();
      await page.keyboard.press("Enter");
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.id))
        .toBe("template-source");
      const selected = await editor.evaluate((area: HTMLTextAreaElement) =>
        area.value.slice(area.selectionStart, area.selectionEnd),
      );
      expect(selected).toBe("  - { from: pay, to: ghost }");

      // Fix it: type over the line a rejection edge to the end; the picture gains it.
      await page.keyboard.type("  - { from: manager, to: end, on: rejected }");
      await expect.poll(() => page.locator("#problems").textContent()).toContain("No problems");
      await expect.poll(() => edgesDrawn(page)).toBe(6);
      expect(await page.locator("#picture-note").isVisible()).toBe(false);
      expect(await page.locator('#picture [data-edge-label="5"]').textContent()).toContain(
        "rejected",
      );
    },
  );

  it("phone: the editor is full width and the picture below it", async () => {
    const page = pages.phone;
    await page.goto(`${suite.baton.url}/ui/playground?from=cache-change`);
    const editor = await page.locator("#template-source").boundingBox();
    const picture = await page.locator("#picture").boundingBox();
    const main = await page.locator("main").boundingBox();
    expect(editor && picture && main).toBeTruthy();
    if (!editor || !picture || !main) return;
    expect(editor.width).toBeGreaterThan(main.width - 40);
    expect(picture.y).toBeGreaterThan(editor.y + editor.height);
    await expect.poll(() => page.locator("#problems").textContent()).toContain("No problems");
    expect(await page.locator('#picture [data-node="lead"]').count()).toBe(1);
  });

  it("without JavaScript, Check posts the text and the server answers its problems", async () => {
    const context = await suite.browser.newContext({
      javaScriptEnabled: false,
      extraHTTPHeaders: { [DEV_USER_HEADER]: "tess" },
    });
    try {
      const page = await context.newPage();
      await page.goto(`${suite.baton.url}/ui/playground`);
      await page.getByLabel("Template (YAML)").fill(`${PLAYGROUND_EXAMPLE}  - { from: x }\n`);
      const [response] = await Promise.all([
        page.waitForResponse((answer) => answer.request().isNavigationRequest()),
        page.getByRole("button", { name: "Check" }).click(),
      ]);
      expect(response.status()).toBe(200);
      expect(response.request().method()).toBe("POST");
      const listed = await page.locator("#problems li").allTextContents();
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.every((text) => text.startsWith(`line ${TYPED_LINE}: `))).toBe(true);
      expect(await page.locator("#picture svg").count()).toBe(0);
      expect(await page.getByLabel("Template (YAML)").inputValue()).toContain("{ from: x }");
    } finally {
      await context.close();
    }
  });
});
