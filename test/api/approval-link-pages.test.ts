import { beforeEach, describe, expect, it } from "vitest";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import { readLink, signLink } from "../../lambdas/core/security/approval-link.ts";
import { type Answer, call } from "./support/api-client.ts";
import { PANEL_TEMPLATE } from "./support/panel-template.ts";
import { type TestBackend, testBackend } from "./support/test-backend.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const HTML = { accept: "text/html" };

/** The hidden CSRF field of a page. */
function csrfOf(page: Answer): string {
  const match = /name="csrf" value="([^"]+)"/.exec(page.text);
  if (!match?.[1]) throw new Error("the page has no CSRF field");
  return match[1];
}

/** The form body of the page's approve button, with level 1 and the page's CSRF token. */
function approveBody(page: Answer): string {
  return new URLSearchParams({
    csrf: csrfOf(page),
    action: "approve",
    "form.level": "1",
  }).toString();
}

describe("approval link pages: GET/HEAD /a/{linkId} shows, POST decides", () => {
  let test: TestBackend;
  let app: ReturnType<typeof createApiApp>;
  let path: string;
  beforeEach(async () => {
    test = await testBackend([PANEL_TEMPLATE]);
    app = createApiApp(test.backend, { identity: devIdentity() });
    await call(app, "POST", "/v1/flows/panel/instances", {
      user: "sam",
      json: { input: { what: "<script>alert(1)</script>", budget: 7 } },
    });
    await test.park("I000001", "review");
    const inbox = await call(app, "GET", "/v1/approvals?assignee=p01&status=pending", {
      user: "p01",
    });
    const link = (inbox.json as { items: { link: string }[] }).items[0]?.link ?? "";
    expect(link.startsWith("https://baton.test/a/")).toBe(true);
    path = link.slice("https://baton.test".length);
  });

  /** Everything a look at the link could have changed. */
  const state = async () => ({
    approval: await test.backend.stores.approvals.get("default", "I000001", "review", 1),
    history: await test.backend.stores.history.list("default", "I000001"),
    tasks: [...test.taskCalls],
    events: test.events.length,
  });

  it("20 GET and HEAD requests change nothing; the POST from the page still decides", async () => {
    // Prepare
    const before = await state();

    // Act
    const looks = [];
    for (let index = 0; index < 20; index += 1) {
      looks.push(await call(app, index % 2 === 0 ? "GET" : "HEAD", path, { headers: HTML }));
    }
    const afterLooks = await state();
    const page = looks[0] as Answer;
    const decided = await call(app, "POST", path, {
      headers: { ...FORM, ...HTML },
      body: new URLSearchParams({
        csrf: csrfOf(page),
        action: "approve",
        comment: "fine by me",
        "form.level": "2",
        "form.reason": "routine",
        "form.urgent": "true",
      }).toString(),
    });

    // Assess
    expect(looks.map((look) => look.status)).toEqual(Array(20).fill(200));
    expect(looks[1]?.text).toBe("");
    for (const look of looks) {
      expect(look.headers.get("cache-control")).toBe("no-store");
      expect(look.headers.get("referrer-policy")).toBe("no-referrer");
      expect(look.headers.get("content-security-policy")).toContain("default-src 'none'");
    }
    expect(afterLooks).toEqual(before);
    expect(page.text).toContain("Panel decision");
    expect(page.text).toContain("Panel review");
    expect(page.text).toContain("<strong>sam</strong>");
    expect(page.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page.text).not.toContain("<script");
    expect(page.text).toContain('name="form.level"');
    expect(page.text).toContain("Risk level");
    expect(decided.status).toBe(200);
    expect(decided.text).toContain("approved");
    expect(decided.text).toContain("fine by me");
    expect(test.taskCalls).toEqual([
      {
        kind: "succeed",
        token: test.tokens[0],
        output: expect.objectContaining({ outcome: "approved" }),
      },
    ]);
    const approval = await test.backend.stores.approvals.get("default", "I000001", "review", 1);
    expect(approval?.log[0]?.output).toEqual({
      level: 2,
      reason: "routine",
      urgent: true,
      comment: "fine by me",
    });
  });

  it("a second POST from the page shows the recorded decision with 409", async () => {
    // Prepare
    const page = await call(app, "GET", path);
    const body = new URLSearchParams({ csrf: csrfOf(page), action: "reject", "form.level": "1" });
    await call(app, "POST", path, { headers: FORM, body: body.toString() });

    // Act
    const again = await call(app, "POST", path, { headers: FORM, body: body.toString() });

    // Assess
    expect(again.status).toBe(409);
    expect(again.text).toContain("rejected");
    expect(test.taskCalls).toHaveLength(1);
  });

  it("speaks the reader's language: the page, the decision and a refusal in Simplified Chinese", async () => {
    const zh = { "accept-language": "zh-CN,zh;q=0.9" };
    const page = await call(app, "GET", path, { headers: zh });
    expect(page.text).toContain('<html lang="zh-CN">');
    expect(page.text).toContain("申请内容");
    expect(page.text).toContain(">同意</button>");
    const body = new URLSearchParams({ csrf: csrfOf(page), action: "approve", "form.level": "2" });
    const decided = await call(app, "POST", path, {
      headers: { ...FORM, ...zh },
      body: body.toString(),
    });
    expect(decided.status).toBe(200);
    expect(decided.text).toContain("你的审批已记录");
    expect(decided.text).toContain("p01: 同意");
    const again = await call(app, "POST", path, {
      headers: { ...FORM, ...zh },
      body: body.toString(),
    });
    expect(again.status).toBe(409);
    expect(again.text).toContain("已审批过");
    test.advance(8 * 24 * 3600 * 1000);
    const expired = await call(app, "GET", path, { headers: { ...HTML, ...zh } });
    expect(expired.status).toBe(410);
    expect(expired.text).toContain("<h1>审批链接</h1>");
  });

  it("refuses an expired link with 410, on GET and POST", async () => {
    // Prepare
    const page = await call(app, "GET", path);
    test.advance(8 * 24 * 3600 * 1000);
    const before = await state();

    // Act
    const look = await call(app, "GET", path);
    const pageLook = await call(app, "GET", path, { headers: HTML });
    const post = await call(app, "POST", path, {
      headers: FORM,
      body: approveBody(page),
    });

    // Assess
    expect(look.status).toBe(410);
    expect((look.json as { error: { code: string } }).error.code).toBe("gone");
    expect(pageLook.status).toBe(410);
    expect(pageLook.headers.get("content-type")).toContain("text/html");
    expect(post.status).toBe(410);
    expect(await state()).toEqual(before);
  });

  it("refuses a signed link whose expiry does not parse with 410, as expired", async () => {
    // Prepare: the link's own claims, re-signed with the key, an expiry that is no time.
    const claims = readLink(test.backend.secrets.linkKey, path.slice("/a/".length));
    if (!claims) throw new Error("the inbox link does not read back");
    const garbled = `/a/${signLink(test.backend.secrets.linkKey, { ...claims, expiresAt: "never" })}`;
    const before = await state();

    // Act
    const look = await call(app, "GET", garbled);

    // Assess
    expect(look.status).toBe(410);
    expect((look.json as { error: { code: string } }).error.code).toBe("gone");
    expect(await state()).toEqual(before);
  });

  it("refuses a POST without or with a bad CSRF token with 403, changing nothing", async () => {
    // Prepare
    const before = await state();

    // Act
    const missing = await call(app, "POST", path, {
      headers: FORM,
      body: "action=approve&form.level=1",
    });
    const forged = await call(app, "POST", path, {
      headers: FORM,
      body: `csrf=${"A".repeat(43)}&action=approve&form.level=1`,
    });

    // Assess
    expect(missing.status).toBe(403);
    expect(forged.status).toBe(403);
    expect(await state()).toEqual(before);
  });

  it("refuses a signed-in viewer who is not the link's approver with 403, changing nothing", async () => {
    // Prepare
    const page = await call(app, "GET", path);
    const before = await state();

    // Act
    const look = await call(app, "GET", path, { user: "p02" });
    const post = await call(app, "POST", path, {
      user: "p02",
      headers: FORM,
      body: approveBody(page),
    });

    // Assess
    expect(look.status).toBe(403);
    expect(post.status).toBe(403);
    expect(await state()).toEqual(before);
  });

  it("refuses the link's approver signed in to another tenant with 403, changing nothing", async () => {
    // Prepare
    const page = await call(app, "GET", path);
    const before = await state();
    const elsewhere = createApiApp(test.backend, {
      identity: async () => ({ tenant: "globex", user: "p01" }),
    });

    // Act
    const look = await call(elsewhere, "GET", path);
    const post = await call(elsewhere, "POST", path, {
      headers: FORM,
      body: approveBody(page),
    });

    // Assess
    expect(look.status).toBe(403);
    expect(post.status).toBe(403);
    expect(await state()).toEqual(before);
  });

  it("refuses a forged link with 404 and fields the page never sends with 400", async () => {
    // Prepare
    const page = await call(app, "GET", path);

    // Act
    const forged = await call(app, "GET", `${path.slice(0, -4)}AAAA`);
    const extra = await call(app, "POST", path, {
      headers: FORM,
      body: new URLSearchParams({ csrf: csrfOf(page), action: "approve", admin: "1" }).toString(),
    });

    // Assess
    expect(forged.status).toBe(404);
    expect(extra.status).toBe(400);
    expect(test.taskCalls).toEqual([]);
  });
});
