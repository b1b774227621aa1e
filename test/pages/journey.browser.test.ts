import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openPage, screenshot, VIEWPORT_NAMES, type ViewportName } from "../support/browser.ts";
import { browserSuite } from "../support/browser-suite.ts";
import { eventually } from "../support/eventually.ts";
import { postCallbackReport } from "../support/post-callback-report.ts";

/**
 * Issue 9's first acceptance line, across pages, as people do it: each person in a browser
 * context of their own, signed in by the dev user picker, clicking and typing. Only what no
 * person does in Baton's pages goes around them: the approval link arrives as a chat notice
 * would bring it (read from the approver's inbox API), and the cache control plane reports the
 * provisioning by a signed callback. The countersign, the transfer and the add-sign done on the
 * page are `approval.browser.test.ts`'s; this file does not repeat them.
 */

/** Who plays the cache-change request: the starter, the application owner and the SRE. */
const STARTER = "wu-lei";
const OWNER = "zhou-min";
const SRE = "sre-sam";

/** A journey's time limit: a dozen navigations and a live refresh every 2 s, on a busy machine. */
const JOURNEY_MS = 60_000;

const suite = browserSuite({ pages: false });
/** Each person's page at each size, signed in on first use and reused after. */
const pages = new Map<string, Page>();

/** Clicks a link or button and waits for the page it leads to (after redirects). */
async function follow(page: Page, selector: string): Promise<number | undefined> {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  await page.waitForLoadState();
  return response?.status();
}

/**
 * `user`'s page at `size` in a context of its own: the first time, it opens `path`, is asked
 * to sign in (401) and signs in with the dev user picker, which brings it back to `path`.
 */
async function personAt(user: string, size: ViewportName, path: string): Promise<Page> {
  const key = `${user}@${size}`;
  let page = pages.get(key);
  if (page) {
    await page.goto(`${suite.baton.url}${path}`);
    return page;
  }
  page = await openPage(suite.browser, size);
  suite.watch(page);
  pages.set(key, page);
  const anonymous = await page.goto(`${suite.baton.url}${path}`);
  expect(anonymous?.status()).toBe(401);
  await page.fill("#dev-user", user);
  expect(await follow(page, "header.shell form button")).toBe(200);
  expect(new URL(page.url()).pathname).toBe(path);
  return page;
}

/** The status class of a node of the page's picture (`status-approved`, `status-skipped`, …). */
async function nodeStatus(page: Page, node: string): Promise<string | undefined> {
  const classes =
    (await page.locator(`#picture [data-node="${node}"]`).getAttribute("class")) ?? "";
  return classes.split(" ").find((name) => name.startsWith("status-"));
}

/** The statuses of the picture's nodes of cache-change, by node id. */
async function pictureOf(page: Page): Promise<Record<string, string | undefined>> {
  const nodes = ["start", "lead", "sre", "provision", "manual", "end"];
  const statuses = await Promise.all(nodes.map((node) => nodeStatus(page, node)));
  return Object.fromEntries(nodes.map((node, index) => [node, statuses[index]]));
}

/** The previewed path's steps as the template page lists them. */
const previewed = (page: Page) => page.locator("#path-result li").allTextContents();

/**
 * The starter opens cache-change's page, fills the start form (a small cache on the general
 * cluster, then `memoryGb` as given on `cluster`), and starts; answers the preview after the
 * small cache and after the change, and the instance page's id.
 */
async function startFromTemplatePage(
  starter: Page,
  memoryGb: string,
  cluster: string,
): Promise<{ small: string[]; changed: string[]; changedSre?: string; instanceId: string }> {
  await starter.fill("#form\\.requester", STARTER);
  await starter.fill("#form\\.owner", OWNER);
  await starter.fill("#form\\.app", "live-danmaku");
  await starter.selectOption("#form\\.cluster", "general");
  await starter.fill("#form\\.memoryGb", "8");
  const small = await previewed(starter);
  await starter.fill("#form\\.memoryGb", memoryGb);
  await starter.selectOption("#form\\.cluster", cluster);
  const changed = await previewed(starter);
  const changedSre = await nodeStatus(starter, "sre");
  await Promise.all([
    starter.waitForURL(/\/ui\/instances\/[^/?]+$/),
    starter.click('#start-form button[type="submit"]'),
  ]);
  const instanceId = new URL(starter.url()).pathname.split("/").at(-1) ?? "";
  return { small, changed, changedSre, instanceId };
}

/** The owner's own inbox lists the request; then they open its approval link, as a notice brings it. */
async function ownerOpensLink(size: ViewportName, instanceId: string) {
  const { link } = await suite.baton.pending(OWNER, instanceId);
  const owner = await personAt(OWNER, size, "/ui/inbox");
  const listed = await owner.locator("tbody tr", { hasText: instanceId }).count();
  const opened = await owner.goto(link);
  return { owner, listed, opened: opened?.status() };
}

/** The small cache's path and the big one's, as the preview names their steps. */
const SMALL_PATH = [
  `Application owner approval — approvers: ${OWNER}`,
  "Provision cache — automated step",
  "end",
];

describe("the journey of a request through the pages, in headless Chromium", () => {
  it.each(VIEWPORT_NAMES)(
    "at the %s size: started from the template page (the preview follows the form), the owner approves by the link, the SRE on the approval page, provisioning reports, and the starter's page reaches completed live with the picture coloured",
    async (size) => {
      // Prepare
      const starter = await personAt(STARTER, size, "/ui/templates/cache-change");

      // Act: start a 128 GB cache on live-core
      const started = await startFromTemplatePage(starter, "128", "live-core");
      const { instanceId } = started;
      const runningStatus = await starter.textContent("#instance-status");

      // Act: the owner approves through the link
      const link = await ownerOpensLink(size, instanceId);
      await link.owner.fill("#comment", "capacity planned");
      const ownerDecided = await follow(link.owner, "button[value=approve]");
      const ownerText = await link.owner.textContent("body");

      // Act: the SRE opens the request from the inbox and approves on the approval page
      await suite.baton.pending(SRE, instanceId);
      const sre = await personAt(SRE, size, "/ui/inbox");
      const sreOpened = await follow(
        sre,
        `tbody tr:has(a.id:text-is("${instanceId}")) th a[href^="/ui/approvals/"]`,
      );
      const sreTitle = await sre.title();
      await sre.locator("#decide-comment").fill("live-core has room");
      const sreDecided = await follow(sre, "button[value=approve]");
      const sreText = await sre.textContent("main");
      if (size === "phone") await screenshot(sre, "journey-approval");

      // Act: the cache control plane reports the provisioning, signed
      const asked = await eventually(
        () => suite.baton.call("GET", `/v1/instances/${instanceId}`, { user: STARTER }),
        (answer) =>
          (answer.json as { history: { type: string; nodeId?: string }[] }).history.some(
            (entry) => entry.type === "task.requested" && entry.nodeId === "provision",
          ),
        400,
        25,
      );
      const reported = await postCallbackReport(
        suite.baton.url,
        suite.baton.backend.secrets.callbackKey,
        (asked.json as { history: Parameters<typeof postCallbackReport>[2] }).history,
        "provision",
        { status: "succeeded", output: { endpoint: "live-danmaku.cache:6379" } },
      );

      // Act: the starter's page, never reloaded, follows it to the end
      await starter.waitForSelector('#instance-status[data-status="completed"]', {
        timeout: 15_000,
      });
      const picture = await pictureOf(starter);
      const fired = await starter.locator("#picture path.edge-fired").count();
      const finalStatus = await starter.textContent("#instance-status");
      await screenshot(starter, "journey-instance");

      // Assess: the preview changed with the form, and the instance started with the input
      expect(started.small).toEqual(SMALL_PATH);
      expect(started.changed).toContain("DBA / SRE capacity review — approvers: dba-dana; sre-sam");
      expect(started.changedSre).toBe("status-active");
      expect(runningStatus).toBe("running");
      // Assess: each person's part
      expect(link.listed).toBe(1);
      expect(link.opened).toBe(200);
      expect(ownerDecided).toBe(200);
      expect(ownerText).toContain("The approval is approved.");
      expect(sreOpened).toBe(200);
      expect(sreTitle).toBe("Cache resource change: DBA / SRE capacity review · Baton");
      expect(sreDecided).toBe(200);
      expect(sreText).toContain("Your approval is recorded.");
      expect(reported.status).toBe(200);
      // Assess: the starter saw it complete, the picture coloured by what happened
      expect(finalStatus).toBe("completed");
      expect(picture).toEqual({
        start: "status-succeeded",
        lead: "status-approved",
        sre: "status-approved",
        provision: "status-succeeded",
        manual: "status-skipped",
        end: "status-succeeded",
      });
      expect(fired).toBe(4);
      const read = await suite.baton.call("GET", `/v1/instances/${instanceId}`, { user: STARTER });
      expect(read.json).toMatchObject({
        status: "completed",
        starter: STARTER,
        input: { memoryGb: 128, cluster: "live-core", owner: OWNER, app: "live-danmaku" },
        nodes: {
          lead: { output: { decidedBy: [OWNER], comment: "capacity planned" } },
          sre: { output: { decidedBy: [SRE], comment: "live-core has room" } },
        },
      });
    },
    JOURNEY_MS,
  );

  it.each(VIEWPORT_NAMES)(
    "at the %s size: a small cache skips the review, the owner rejects it by the link, and the starter's page reaches rejected live with the picture showing it",
    async (size) => {
      // Prepare
      const starter = await personAt(STARTER, size, "/ui/templates/cache-change");

      // Act
      const started = await startFromTemplatePage(starter, "16", "general");
      const { instanceId } = started;
      const link = await ownerOpensLink(size, instanceId);
      await link.owner.fill("#comment", "use the shared cache");
      const ownerDecided = await follow(link.owner, "button[value=reject]");
      const ownerText = await link.owner.textContent("body");
      await starter.waitForSelector('#instance-status[data-status="rejected"]', {
        timeout: 15_000,
      });
      const picture = await pictureOf(starter);
      const history = await starter.locator("#history-rows tr").allTextContents();
      const leadWords = await starter.textContent('[data-step="lead"]');

      // Assess
      expect(started.changed).toEqual(SMALL_PATH);
      expect(started.changedSre).toBe("status-skipped");
      expect(ownerDecided).toBe(200);
      expect(ownerText).toContain("The approval is rejected.");
      expect(picture).toEqual({
        start: "status-succeeded",
        lead: "status-rejected",
        sre: "status-poisoned",
        provision: "status-poisoned",
        manual: "status-poisoned",
        end: "status-poisoned",
      });
      expect(leadWords).toBe("rejected");
      expect(history.some((row) => row.includes(OWNER) && row.includes("rejected"))).toBe(true);
      expect(history.some((row) => row.includes("use the shared cache"))).toBe(true);
    },
    JOURNEY_MS,
  );
});
