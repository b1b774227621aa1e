import fc from "fast-check";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import { buildPageAssets, type PageAssets } from "../../lambdas/api/pages/page-assets.ts";
import { INBOX_PAGE_ROWS } from "../../lambdas/api/routes/pages/inbox-page-routes.ts";
import { INBOX_VIEWS } from "../../lambdas/core/contract/table-layout.ts";
import { INBOX_COUNT_CAP } from "../../lambdas/core/operations/count-inbox.ts";
import { call } from "../api/support/api-client.ts";
import { type TestBackend, testBackend } from "../api/support/test-backend.ts";
import { approval, flow } from "../support/template-builder.ts";

/** `copied`: one approval by olga, copied to cy when it completes and to wu when the flow ends. */
const COPIED = flow(
  [approval("check", ["olga"], { name: "Quick check", cc: { users: ["cy"] } })],
  ["start>check", "check>end"],
  { id: "copied", name: "Copied flow", cc: { users: ["wu"] } },
);

const CACHE_CHANGE = {
  requester: "rita",
  owner: "olga",
  app: "feed",
  cluster: "general",
  memoryGb: 8,
};

let assets: PageAssets;
let test: TestBackend;
let app: ReturnType<typeof createApiApp>;

beforeAll(async () => {
  assets = await buildPageAssets();
});

beforeEach(async () => {
  test = await testBackend([COPIED]);
  app = createApiApp(test.backend, {
    identity: devIdentity(),
    devSignIn: true,
    pageAssets: async () => assets,
    log: () => {},
  });
});

/** Starts cache-change as rita and parks its owner approval (olga's); answers the instance id. */
async function startCacheChange(): Promise<string> {
  const started = await call(app, "POST", "/v1/flows/cache-change/instances", {
    user: "rita",
    json: { input: CACHE_CHANGE },
  });
  const { instanceId } = started.json as { instanceId: string };
  await test.park(instanceId, "lead");
  test.advance(60_000);
  return instanceId;
}

/** The inbox page as `user` (the dev cookie), read whole. */
async function inbox(user: string | undefined, query = "", headers: Record<string, string> = {}) {
  const response = await app.request(`/ui/inbox${query}`, {
    headers: { ...(user === undefined ? {} : { cookie: `baton_dev_user=${user}` }), ...headers },
  });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

/** The rows of a page's table: each row's cells as text, and the links of its first cell. */
function rowsOf(html: string) {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? "";
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row = ""]) => ({
    opens: /<th scope="row"><a href="([^"]+)"/.exec(row)?.[1],
    instance: /<a class="id" href="([^"]+)"/.exec(row)?.[1],
    cells: [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(([, cell = ""]) =>
      cell.replace(/<[^>]+>/g, "").trim(),
    ),
  }));
}

/** Each tab's name and count, and which one is current. */
function tabsOf(html: string) {
  return [
    ...html.matchAll(
      /<li><a href="\/ui\/inbox\?view=(\w+)"( aria-current="page")?>[^<]*<span class="count">([^<]+)<\/span>/g,
    ),
  ].map(([, view, current, count]) => ({ view, current: current !== undefined, count }));
}

/** The `Older` link's cursor, if the page has one. */
const olderOf = (html: string) =>
  /<a href="\/ui\/inbox\?view=\w+&amp;cursor=([A-Za-z0-9_-]+)" rel="next">/.exec(html)?.[1];

describe("the inbox page", () => {
  it("lists the to-do view newest first, each row opening its approval page, with names, starter, time and status", async () => {
    const first = await startCacheChange();
    const second = await startCacheChange();

    const page = await inbox("olga");

    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.html).toContain("<title>Inbox: To do · Baton</title>");
    expect(page.html.match(/<h1>/g)).toHaveLength(1);
    expect(tabsOf(page.html)).toEqual([
      { view: "todo", current: true, count: "2" },
      { view: "done", current: false, count: "0" },
      { view: "cc", current: false, count: "0" },
      { view: "started", current: false, count: "0" },
    ]);
    expect(rowsOf(page.html)).toEqual(
      [second, first].map((instanceId, index) => ({
        opens: `/ui/approvals/${instanceId}.lead.1`,
        instance: `/ui/instances/${instanceId}`,
        cells: [
          "Cache resource change",
          "Application owner approval",
          "rita",
          index === 0 ? "Dec 2, 2026, 10:01 AM UTC" : "Dec 2, 2026, 10:00 AM UTC",
          "Pending",
          instanceId,
        ],
      })),
    );
    expect(page.html).toContain('<time datetime="2026-12-02T10:01:00.000Z">');
    expect(page.html).toMatch(/<script type="module" src="\/assets\/inbox\.[A-Z0-9]{8}\.js">/);
    expect(page.html).not.toContain("/a/");
    expect(olderOf(page.html)).toBeUndefined();
  });

  it("moves a decided approval to done, shows the starter's instances under started and copies under cc", async () => {
    const instanceId = (
      (await call(app, "POST", "/v1/flows/copied/instances", { user: "rita", json: { input: {} } }))
        .json as { instanceId: string }
    ).instanceId;
    await test.park(instanceId, "check");
    const decided = await call(app, "POST", `/v1/approvals/${instanceId}.check.1/decision`, {
      user: "olga",
      json: { action: "approve" },
    });
    expect(decided.status).toBe(200);

    const done = await inbox("olga", "?view=done");
    expect(tabsOf(done.html).map(({ count, current }) => ({ count, current }))).toEqual([
      { count: "0", current: false },
      { count: "1", current: true },
      { count: "0", current: false },
      { count: "0", current: false },
    ]);
    expect(rowsOf(done.html)).toEqual([
      {
        opens: `/ui/approvals/${instanceId}.check.1`,
        instance: `/ui/instances/${instanceId}`,
        cells: [
          "Copied flow",
          "Quick check",
          "rita",
          "Dec 2, 2026, 10:00 AM UTC",
          "Approved",
          instanceId,
        ],
      },
    ]);
    expect(done.html).toContain('<span class="status" data-status="approved">Approved</span>');

    const started = await inbox("rita", "?view=started");
    expect(rowsOf(started.html)).toEqual([
      {
        opens: `/ui/instances/${instanceId}`,
        instance: `/ui/instances/${instanceId}`,
        cells: ["Copied flow", "—", "rita", "Dec 2, 2026, 10:00 AM UTC", "Running", instanceId],
      },
    ]);

    const copied = await inbox("cy", "?view=cc");
    expect(rowsOf(copied.html)).toEqual([
      {
        opens: `/ui/instances/${instanceId}`,
        instance: `/ui/instances/${instanceId}`,
        cells: [
          "Copied flow Unread",
          "Quick check",
          "rita",
          "Dec 2, 2026, 10:00 AM UTC",
          "Running",
          instanceId,
        ],
      },
    ]);
    await call(app, "GET", `/v1/instances/${instanceId}`, { user: "cy" });
    expect(rowsOf((await inbox("cy", "?view=cc")).html)[0]?.cells[0]).toBe("Copied flow");
  });

  it("pages a view newest first by its cursor, every row once, and counts each view up to its cap", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 * INBOX_COUNT_CAP }), async (rows) => {
        const fresh = await testBackend();
        const pages = createApiApp(fresh.backend, {
          identity: devIdentity(),
          devSignIn: true,
          pageAssets: async () => assets,
          log: () => {},
        });
        const created = Array.from({ length: rows }, (_, index) => ({
          tenant: "default",
          user: "olga",
          view: "started" as const,
          createdAt: new Date(Date.UTC(2026, 11, 1, 0, index)).toISOString(),
          instanceId: `I${String(index).padStart(6, "0")}`,
          templateId: "cache-change",
        }));
        for (const row of created) await fresh.backend.stores.inbox.put(row);
        const seen: string[] = [];
        let query = "?view=started";
        for (;;) {
          const response = await pages.request(`/ui/inbox${query}`, {
            headers: { cookie: "baton_dev_user=olga" },
          });
          const html = await response.text();
          const listed = rowsOf(html);
          expect(listed.length).toBeLessThanOrEqual(INBOX_PAGE_ROWS);
          seen.push(...listed.map((row) => row.cells[5] ?? ""));
          expect(tabsOf(html).find((tab) => tab.view === "started")?.count).toBe(
            rows > INBOX_COUNT_CAP ? `${INBOX_COUNT_CAP}+` : String(rows),
          );
          expect(html.includes('rel="first"')).toBe(query.includes("cursor"));
          const older = olderOf(html);
          if (!older) break;
          query = `?view=started&cursor=${older}`;
        }
        expect(seen).toEqual(created.map((row) => row.instanceId).reverse());
      }),
      { numRuns: 15 },
    );
  });

  it("never shows another user's rows, not even at a cursor from their inbox", async () => {
    const instances = [];
    for (let index = 0; index < INBOX_PAGE_ROWS + 2; index += 1)
      instances.push(await startCacheChange());
    const olga = await inbox("olga");
    const cursor = olderOf(olga.html);
    expect(cursor).toBeDefined();

    for (const query of [
      "",
      "?view=done",
      "?view=cc",
      "?view=started",
      `?view=todo&cursor=${cursor}`,
    ]) {
      const mallory = await inbox("mallory", query);
      expect(mallory.status).toBe(200);
      expect(rowsOf(mallory.html)).toEqual([]);
      for (const instanceId of instances) expect(mallory.html).not.toContain(instanceId);
      expect(tabsOf(mallory.html).map((tab) => tab.count)).toEqual(["0", "0", "0", "0"]);
    }
    expect(tabsOf((await inbox("rita", "?view=started")).html)[3]?.count).toBe(
      String(instances.length),
    );
    expect(rowsOf((await inbox("rita")).html)).toEqual([]);
  });

  it("shows each view's empty state in English and Simplified Chinese", async () => {
    const english = {
      todo: "Nothing waits for your decision.",
      done: "You have not decided anything yet.",
      cc: "Nothing has been copied to you yet.",
      started: "You have not started any flow yet.",
    };
    const chinese = {
      todo: "目前没有等待你审批的事项。",
      done: "你还没有处理过任何审批。",
      cc: "还没有流程抄送给你。",
      started: "你还没有发起过流程。",
    };
    for (const view of INBOX_VIEWS) {
      const en = await inbox("nobody-yet", `?view=${view}`);
      expect(en.html).toContain(english[view]);
      expect(en.html).not.toContain("<table");
      const zh = await inbox("nobody-yet", `?view=${view}`, {
        "accept-language": "zh-CN,zh;q=0.9",
      });
      expect(zh.html).toContain('<html lang="zh-CN">');
      expect(zh.html).toContain(chinese[view]);
    }
  });

  it("writes every word and the time in Simplified Chinese when asked", async () => {
    await startCacheChange();
    const page = await inbox("olga", "?lang=zh-CN");
    expect(page.headers.get("set-cookie")).toContain("baton_lang=zh-CN");
    expect(page.html).toContain("<title>待办: 待我处理 · Baton</title>");
    expect(page.html).toContain('<th scope="col">发起人</th>');
    expect(rowsOf(page.html)[0]?.cells.slice(3, 5)).toEqual([
      new Intl.DateTimeFormat("zh-CN", {
        year: "numeric",
        month: "short",
        day: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        timeZoneName: "short",
        timeZone: "UTC",
      }).format(new Date("2026-12-02T10:00:00.000Z")),
      "待审批",
    ]);
  });

  it("answers a 401 page with the user picker when nobody is signed in, and a 400 page for a bad query", async () => {
    await startCacheChange();
    const anonymous = await inbox(undefined);
    expect(anonymous.status).toBe(401);
    expect(anonymous.html).toContain("<h1>sign in first</h1>");
    expect(anonymous.html).toContain('action="/ui/dev-user"');
    expect(anonymous.html).not.toContain("Application owner approval");

    const badView = await inbox("olga", "?view=everything");
    expect(badView.status).toBe(400);
    expect(badView.html).toContain("<h1>the query is not valid</h1>");
    const unknown = await inbox("olga", "?views=todo");
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain("unknown fields: query.views");
    const badCursor = await inbox("olga", "?cursor=not%20a%20cursor");
    expect(badCursor.status).toBe(400);
  });

  it("is also served to the header identity, and HEAD changes nothing", async () => {
    const instanceId = await startCacheChange();
    const byHeader = await call(app, "GET", "/ui/inbox", { user: "olga" });
    expect(byHeader.status).toBe(200);
    expect(byHeader.text).toContain(instanceId);
    const before = await test.backend.stores.inbox.list("default", "olga", "todo");
    const head = await app.request("/ui/inbox", {
      method: "HEAD",
      headers: { cookie: "baton_dev_user=olga" },
    });
    expect(head.status).toBe(200);
    expect(await test.backend.stores.inbox.list("default", "olga", "todo")).toEqual(before);
  });
});
