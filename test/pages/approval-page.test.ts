import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import { buildPageAssets, type PageAssets } from "../../lambdas/api/pages/page-assets.ts";
import { pageCsrfToken } from "../../lambdas/api/pages/page-csrf.ts";
import { type Answer, call } from "../api/support/api-client.ts";
import { type TestBackend, testBackend } from "../api/support/test-backend.ts";
import { approval, flow } from "../support/template-builder.ts";

/** The form of the `review` step: every constraint the page turns into HTML attributes. */
const FORM = {
  type: "object",
  required: ["level"],
  additionalProperties: false,
  properties: {
    level: { type: "integer", minimum: 1, maximum: 3, title: "Risk level" },
    ticket: { type: "string", minLength: 3, maxLength: 12, pattern: "^[A-Z]+-[0-9]+$" },
    contact: { type: "string", format: "email" },
    on: { type: "string", format: "date" },
    size: { enum: [1, 2, 4] },
    urgent: { type: "boolean" },
  },
};

/** `twin`: a countersign (`all`) of olga and omar with {@link FORM}, then an `any` step of sam. */
const TWIN = flow(
  [
    approval("review", ["olga", "omar"], { name: "Twin review", mode: "all", form: FORM }),
    approval("sign", ["sam"], { name: "Sign off" }),
  ],
  ["start>review", "review>sign", "sign>end"],
  {
    id: "twin",
    name: "Twin flow",
    input: { type: "object" },
  },
);

const INPUT = {
  what: "<script>alert(1)</script>",
  budget: 7,
  owners: ["olga", "omar"],
  cluster: { name: "live-core", zones: [{ id: "a", hosts: 3 }] },
  note: null,
};

let assets: PageAssets;
let test: TestBackend;
let app: ReturnType<typeof createApiApp>;
let instanceId: string;
let id: string;

beforeAll(async () => {
  assets = await buildPageAssets();
});

beforeEach(async () => {
  test = await testBackend([TWIN]);
  app = createApiApp(test.backend, {
    identity: devIdentity(),
    devSignIn: true,
    pageAssets: async () => assets,
    log: () => {},
  });
  const started = await call(app, "POST", "/v1/flows/twin/instances", {
    user: "rita",
    json: { input: INPUT },
  });
  instanceId = (started.json as { instanceId: string }).instanceId;
  await test.park(instanceId, "review");
  id = `${instanceId}.review.1`;
});

/** The approval page as `user` (the dev picker's cookie). */
function open(user: string | undefined, query = "", headers: Record<string, string> = {}) {
  return call(app, "GET", `/ui/approvals/${id}${query}`, {
    headers: { ...(user === undefined ? {} : { cookie: `baton_dev_user=${user}` }), ...headers },
  });
}

/** The CSRF token of the page's form named `form`. */
function csrfOf(page: Answer, form: string): string {
  const match = new RegExp(
    `<input type="hidden" name="form" value="${form}">\\s*<input type="hidden" name="csrf" value="([^"]+)"`,
  ).exec(page.text);
  if (!match?.[1]) throw new Error(`the page has no ${form} form`);
  return match[1];
}

/** Posts one of the page's forms (named by its `form` field) as `user`. */
function post(user: string, form: string, fields: Record<string, string>) {
  return call(app, "POST", `/ui/approvals/${id}`, {
    headers: {
      cookie: `baton_dev_user=${user}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ form, ...fields }).toString(),
  });
}

/** Opens the page as `user` and posts its `form` with its token and `fields`. */
async function submit(user: string, form: string, fields: Record<string, string>) {
  const page = await open(user);
  return post(user, form, { csrf: csrfOf(page, form), ...fields });
}

/** Everything a request could have changed of the instance. */
async function state() {
  return {
    approval: await test.backend.stores.approvals.get("default", instanceId, "review", 1),
    history: await test.backend.stores.history.list("default", instanceId),
    tasks: [...test.taskCalls],
    events: test.events.length,
    todo: await test.backend.stores.inbox.list("default", "olga", "todo"),
  };
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" };

/** The page's words as a reader sees them: tags dropped, entities decoded, spaces collapsed. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&(lt|gt|quot|#39|amp);/g, (_, name: string) => ENTITIES[name] ?? name)
    .replace(/\s+/g, " ");

describe("the approval page (/ui/approvals/{approvalId})", () => {
  it("shows an approver the request as nested lists, the form with its constraints and every action they may take; looking (GET, HEAD) changes nothing", async () => {
    // Prepare
    const before = await state();

    // Act
    const page = await open("olga");
    const head = await call(app, "HEAD", `/ui/approvals/${id}`, {
      headers: { cookie: "baton_dev_user=olga" },
    });
    const after = await state();

    // Assess
    expect(page.status).toBe(200);
    expect(head.status).toBe(200);
    expect(after).toEqual(before);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.text).toContain("<title>Twin flow: Twin review · Baton</title>");
    expect(page.text.match(/<h1>/g)).toHaveLength(1);
    expect(page.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(page.text).not.toContain("{&quot;");
    expect(page.text).toContain(
      '<dt>cluster</dt><dd><dl class="context"><dt>name</dt><dd>live-core</dd><dt>zones</dt><dd><ol class="context-list"><li><dl class="context"><dt>id</dt><dd>a</dd><dt>hosts</dt><dd>3</dd></dl></li></ol></dd></dl></dd>',
    );
    expect(page.text).toContain('<dt>note</dt><dd><span class="muted">none</span></dd>');
    expect(page.text).toContain(
      '<input type="number" name="form.level" id="form.level" required min="1" max="3" step="1">',
    );
    expect(page.text).toContain(
      '<input type="text" name="form.ticket" id="form.ticket" minlength="3" maxlength="12" pattern=".*(?:^[A-Z]+-[0-9]+$).*">',
    );
    expect(page.text).toContain('<input type="email" name="form.contact" id="form.contact">');
    expect(page.text).toContain('<input type="date" name="form.on" id="form.on">');
    expect(page.text).toContain('<option value="4">4</option>');
    for (const form of ["decide", "transfer", "add-sign"]) {
      expect(csrfOf(page, form)).toBe(
        pageCsrfToken(
          test.backend.secrets.linkKey,
          { tenant: "default", user: "olga" },
          `${form}:${id}`,
        ),
      );
    }
    expect(page.text).not.toContain('name="form" value="remind"');
    expect(text(page.text)).toContain("Started by rita");
    expect(text(page.text)).toContain("every seat must approve (countersign)");
    expect(page.text).toContain('<time datetime="2026-12-02T10:00:00.000Z">');
    for (const token of test.tokens) expect(page.text).not.toContain(token);
    expect(page.text).toMatch(
      /<g data-node="review" class="[^"]*\bstatus-active\b[^"]*\bhighlight\b/,
    );
    expect(page.text).toMatch(/<g data-node="sign" class="[^"]*\bstatus-waiting\b/);
    expect(page.text).toMatch(/data-edge="0" class="edge edge-fired\b/);
    expect(page.text).toMatch(/data-edge="1" class="edge edge-pending\b/);
    expect(page.text).not.toMatch(/<g data-node="sign" class="[^"]*\bhighlight\b/);
    expect(page.text).toContain(
      "<title>The flow Twin flow, with the step Twin review marked</title>",
    );
  });

  it("shows the starter the remind form only, someone else the page read-only, nobody signed in a 401 page, an unknown approval 404", async () => {
    // Act
    const starter = await open("rita");
    const outsider = await open("zed");
    const anonymous = await open(undefined, "", { accept: "text/html" });
    const unknown = await call(app, "GET", `/ui/approvals/${instanceId}.nothing.1`, {
      headers: { cookie: "baton_dev_user=olga" },
    });
    const malformed = await call(app, "GET", "/ui/approvals/not%20an%20id", {
      headers: { cookie: "baton_dev_user=olga" },
    });

    // Assess
    expect(starter.status).toBe(200);
    expect(starter.text).toContain('name="form" value="remind"');
    expect(starter.text).not.toContain('name="form" value="decide"');
    expect(starter.text).not.toContain('name="form" value="transfer"');
    expect(outsider.status).toBe(200);
    expect(outsider.text).not.toContain('method="post" action="/ui/approvals/');
    expect(text(outsider.text)).toContain(
      "You may read this approval, but you cannot act on it now.",
    );
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).toContain("sign in first");
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
  });

  it("speaks Simplified Chinese when asked", async () => {
    // Act
    const page = await open("olga", "?lang=zh-CN");

    // Assess
    expect(page.text).toContain('<html lang="zh-CN">');
    expect(page.text).toContain(">同意</button>");
    expect(page.text).toContain(">驳回</button>");
    expect(page.text).toContain("转签");
    expect(page.text).toContain("加签");
    expect(page.text).toContain("会签（全部通过）");
    expect(page.text).toContain("流转记录");
    expect(page.text).toContain("start (开始): 已成功");
  });

  it("a countersign: each seat decides on its own page view, with the form's values stored typed; then the step is approved", async () => {
    // Act
    const first = await submit("olga", "decide", {
      action: "approve",
      comment: "fine by me",
      "form.level": "2",
      "form.ticket": "OPS-12",
      "form.size": "4",
      "form.urgent": "true",
    });
    const afterFirst = await open("olga", "?done=approve");
    const omarsPage = await open("omar");
    const second = await submit("omar", "decide", { action: "approve", "form.level": "1" });
    const record = await test.backend.stores.approvals.get("default", instanceId, "review", 1);
    const decided = await open("olga");

    // Assess
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe(`/ui/approvals/${id}?done=approve`);
    expect(text(afterFirst.text)).toContain("Your approval is recorded.");
    expect(text(afterFirst.text)).toContain(
      "Your part is recorded; the step waits for the others.",
    );
    expect(afterFirst.text).not.toContain('name="form" value="decide"');
    expect(omarsPage.text).toContain('name="form" value="decide"');
    expect(second.status).toBe(303);
    expect(record?.status).toBe("approved");
    expect(record?.log.map((entry) => [entry.by, entry.act, entry.output])).toEqual([
      [
        "olga",
        "approve",
        { level: 2, ticket: "OPS-12", size: 4, urgent: true, comment: "fine by me" },
      ],
      ["omar", "approve", { level: 1, urgent: false }],
    ]);
    expect(test.taskCalls).toHaveLength(1);
    expect(test.taskCalls[0]).toMatchObject({ kind: "succeed", token: test.tokens[0] });
    expect(text(decided.text)).toContain("This step is approved.");
    expect(text(decided.text)).toContain("olga approved");
    expect(text(decided.text)).toContain("fine by me");
  });

  it("a rejection rejects the step with its comment", async () => {
    // Act
    const answer = await submit("omar", "decide", {
      action: "reject",
      comment: "not now",
      "form.level": "3",
    });
    const record = await test.backend.stores.approvals.get("default", instanceId, "review", 1);

    // Assess
    expect(answer.status).toBe(303);
    expect(answer.headers.get("location")).toBe(`/ui/approvals/${id}?done=reject`);
    expect(record?.status).toBe("rejected");
    expect(record?.log[0]?.output).toEqual({ level: 3, urgent: false, comment: "not now" });
    expect(test.taskCalls).toMatchObject([{ kind: "fail", token: test.tokens[0] }]);
  });

  it("refuses form values the node's schema refuses with 400, naming the fields and keeping what was posted; nothing changes", async () => {
    // Prepare
    const before = await state();

    // Act
    const answer = await submit("olga", "decide", {
      action: "approve",
      comment: "kept",
      "form.level": "7",
      "form.ticket": "lower-1",
      "form.contact": "not-an-email",
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(await state()).toEqual(before);
    expect(text(answer.text)).toContain("The form was not accepted:");
    expect(text(answer.text)).toContain("Risk level : form.level must be <= 3");
    expect(text(answer.text)).toContain("ticket : form.ticket must match pattern");
    expect(text(answer.text)).toContain("contact : form.contact must match format");
    expect(answer.text).toContain(
      '<input type="number" name="form.level" id="form.level" required aria-invalid="true" min="1" max="3" step="1" value="7">',
    );
    expect(answer.text).toContain('value="not-an-email"');
    expect(answer.text).toContain(`href="/ui/approvals/${id}?lang=zh-CN"`);
    expect(answer.text).toContain(">kept</textarea>");
    expect(answer.text).not.toContain('aria-invalid="true" name="form.on"');
  });

  it("refuses a required field left empty, naming it", async () => {
    // Act
    const answer = await submit("olga", "decide", { action: "approve" });

    // Assess
    expect(answer.status).toBe(400);
    expect(text(answer.text)).toContain("Risk level : form must have required property 'level'");
    expect((await state()).approval?.log).toEqual([]);
  });

  it("refuses a POST without its CSRF token, with another user's or another form's, with 403; nothing changes", async () => {
    // Prepare
    const before = await state();
    const omars = pageCsrfToken(
      test.backend.secrets.linkKey,
      { tenant: "default", user: "omar" },
      `decide:${id}`,
    );
    const olgasPage = await open("olga");

    // Act
    const missing = await post("olga", "decide", { action: "approve", "form.level": "1" });
    const stale = await post("olga", "decide", {
      csrf: omars,
      action: "approve",
      "form.level": "1",
    });
    const otherForm = await post("olga", "decide", {
      csrf: csrfOf(olgasPage, "transfer"),
      action: "approve",
      "form.level": "1",
    });

    const noSuchForm = await post("olga", "nonsense", {
      csrf: csrfOf(olgasPage, "decide"),
      action: "approve",
    });

    // Assess
    expect([missing.status, stale.status, otherForm.status, noSuchForm.status]).toEqual([
      403, 403, 403, 403,
    ]);
    expect(text(stale.text)).toContain("the form is stale or forged: open the page again");
    expect(await state()).toEqual(before);
  });

  it("a second submit of the same form shows the decision already recorded with 409, and records nothing more", async () => {
    // Prepare
    const page = await open("olga");
    const fields = { csrf: csrfOf(page, "decide"), action: "approve", "form.level": "1" };
    await post("olga", "decide", fields);
    const between = await state();

    // Act
    const again = await post("olga", "decide", fields);
    await submit("omar", "decide", { action: "reject", "form.level": "1" });
    const afterDecided = await post("omar", "decide", {
      csrf: pageCsrfToken(
        test.backend.secrets.linkKey,
        { tenant: "default", user: "omar" },
        `decide:${id}`,
      ),
      action: "approve",
      "form.level": "1",
    });

    // Assess
    expect(again.status).toBe(409);
    expect(text(again.text)).toContain("This was already recorded: nothing was changed.");
    expect(text(again.text)).toContain("olga approved");
    expect(between.approval?.log).toHaveLength(1);
    expect(afterDecided.status).toBe(409);
    expect(text(afterDecided.text)).toContain("This step is rejected.");
    const record = await test.backend.stores.approvals.get("default", instanceId, "review", 1);
    expect(record?.log.map((entry) => entry.act)).toEqual(["approve", "reject"]);
    expect(test.taskCalls).toHaveLength(1);
  });

  it("shows the notice of an action only to whoever did it", async () => {
    // Prepare
    await submit("olga", "decide", { action: "approve", "form.level": "1" });

    // Act
    const olgas = await open("olga", "?done=approve");
    const omars = await open("omar", "?done=approve");
    const wrongAction = await open("olga", "?done=reject");

    // Assess
    expect(text(olgas.text)).toContain("Your approval is recorded.");
    expect(text(omars.text)).not.toContain("Your approval is recorded.");
    expect(text(wrongAction.text)).not.toContain("Your rejection is recorded.");
  });

  it("a form posted after the starter withdrew the instance answers 410 with the page read-only", async () => {
    // Prepare
    const page = await open("olga");
    await call(app, "POST", `/v1/instances/${instanceId}/cancel`, { user: "rita" });

    // Act
    const answer = await post("olga", "decide", {
      csrf: csrfOf(page, "decide"),
      action: "approve",
      "form.level": "1",
    });

    // Assess
    expect(answer.status).toBe(410);
    expect(text(answer.text)).toContain("is withdrawn");
    expect(text(answer.text)).toContain("This step is withdrawn.");
    expect(answer.text).not.toContain('name="form" value="decide"');
    expect((await state()).approval?.log).toEqual([]);
  });

  it("transfers olga's seat to tom: tom gets the form, olga's page turns read-only", async () => {
    // Act
    const answer = await submit("olga", "transfer", { to: "tom", comment: "tom owns it now" });
    const olgas = await open("olga", "?done=transfer");
    const toms = await open("tom");
    const record = await test.backend.stores.approvals.get("default", instanceId, "review", 1);

    // Assess
    expect(answer.status).toBe(303);
    expect(answer.headers.get("location")).toBe(`/ui/approvals/${id}?done=transfer`);
    expect(record?.seats[0]?.holders).toEqual(["tom"]);
    expect(record?.log).toEqual([
      { seat: 0, by: "olga", act: "transfer", user: "tom", output: { comment: "tom owns it now" } },
    ]);
    expect(text(olgas.text)).toContain("The step is transferred.");
    expect(text(toms.text)).toContain("tom owns it now");
    expect(olgas.text).not.toContain('name="form" value="decide"');
    expect(text(olgas.text)).toContain("olga transferred to tom");
    expect(toms.text).toContain('name="form" value="decide"');
  });

  it("refuses a transfer to a malformed user id or to oneself, and drawing the page again says why", async () => {
    // Act
    const malformed = await submit("olga", "transfer", { to: "not a user" });
    const self = await submit("olga", "transfer", { to: "olga" });

    // Assess
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain('role="alert"');
    expect(self.status).toBe(403);
    expect((await state()).approval?.log).toEqual([]);
  });

  it("adds ann before olga: ann decides first, then the seat comes back to olga", async () => {
    // Act
    const added = await submit("olga", "add-sign", { user: "ann", position: "before" });
    const anns = await open("ann");
    await submit("ann", "decide", { action: "approve", "form.level": "1" });
    const olgas = await open("olga");
    const record = await test.backend.stores.approvals.get("default", instanceId, "review", 1);

    // Assess
    expect(added.status).toBe(303);
    expect(added.headers.get("location")).toBe(`/ui/approvals/${id}?done=addSign`);
    expect(anns.text).toContain('name="form" value="decide"');
    expect(text(anns.text)).toContain("olga added ann before");
    expect(record?.seats[0]?.holders).toEqual(["olga"]);
    expect(olgas.text).toContain('name="form" value="decide"');
  });

  it("adds ann after olga, and refuses a position that is neither", async () => {
    // Act
    const wrong = await submit("olga", "add-sign", { user: "ann", position: "sideways" });
    const added = await submit("olga", "add-sign", { user: "ann", position: "after" });
    const record = await test.backend.stores.approvals.get("default", instanceId, "review", 1);

    // Assess
    expect(wrong.status).toBe(400);
    expect(added.status).toBe(303);
    expect(record?.seats[0]?.after).toEqual(["ann"]);
  });

  it("the starter reminds the approvers; an approver posting a remind is refused 403 and nothing changes", async () => {
    // Prepare
    const olgasToken = pageCsrfToken(
      test.backend.secrets.linkKey,
      { tenant: "default", user: "olga" },
      `remind:${id}`,
    );

    // Act
    const reminded = await submit("rita", "remind", { comment: "please, today" });
    const between = await state();
    const refused = await post("olga", "remind", { csrf: olgasToken });
    const page = await open("rita", "?done=remind");

    // Assess
    expect(reminded.status).toBe(303);
    expect(between.approval?.reminders).toBe(1);
    expect(between.history.at(-1)).toMatchObject({
      type: "approval.reminded",
      actor: "rita",
      detail: { approvers: ["olga", "omar"], comment: "please, today" },
    });
    expect(refused.status).toBe(403);
    expect(await state()).toEqual(between);
    expect(text(page.text)).toContain("The approvers are reminded.");
    expect(text(page.text)).toContain("reminded the approvers");
  });

  it("refuses fields a form does not have with 400, naming them", async () => {
    // Act
    const answer = await submit("olga", "decide", {
      action: "approve",
      "form.level": "1",
      extra: "x",
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("unknown fields: extra");
    expect((await state()).approval?.log).toEqual([]);
  });
});
