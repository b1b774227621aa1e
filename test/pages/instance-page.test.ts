import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryTemplateCatalog } from "../../lambdas/adapters/memory/memory-template-catalog.ts";
import { openFlowDatabase } from "../../lambdas/adapters/sqlite/open-flow-database.ts";
import { sqliteFlowStores } from "../../lambdas/adapters/sqlite/sqlite-flow-stores.ts";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import type { InstanceLiveState } from "../../lambdas/api/pages/instance-live-state.ts";
import { buildPageAssets, type PageAssets } from "../../lambdas/api/pages/page-assets.ts";
import { pageCsrfToken } from "../../lambdas/api/pages/page-csrf.ts";
import type { Backend } from "../../lambdas/core/backend/backend.ts";
import { openApproval } from "../../lambdas/core/operations/open-approval.ts";
import { call } from "../api/support/api-client.ts";
import { testBackend } from "../api/support/test-backend.ts";
import { approval, flow } from "../support/template-builder.ts";

const CACHE_CHANGE = {
  requester: "rita",
  owner: "olga",
  app: "feed",
  cluster: "general",
  memoryGb: 8,
};

/** A flow whose input may be any object, for a request with nested values. */
const TRIP = flow(
  [approval("ok", ["olga"], { name: "Manager", cc: { users: ["cy"] } })],
  ["start>ok", "ok>end"],
  {
    id: "trip",
    name: "Business trip",
    input: { type: "object" },
  },
);

let folder: string;
let database: DatabaseSync;
let backend: Backend;
let assets: PageAssets;
let app: ReturnType<typeof createApiApp>;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "baton-instance-page-"));
  database = openFlowDatabase(join(folder, "baton.db"));
  // The embedded engine's store, so that a test can edit the history table as an intruder would.
  backend = { ...(await testBackend([TRIP])).backend, stores: sqliteFlowStores(database) };
  assets = await buildPageAssets();
  app = createApiApp(backend, {
    identity: devIdentity(),
    devSignIn: true,
    pageAssets: async () => assets,
    log: () => {},
  });
}, 60_000);

afterAll(async () => {
  database?.close();
  await rm(folder, { recursive: true, force: true });
});

/** Starts cache-change as rita; its lead approval parked, as the state machine would. */
async function started(): Promise<string> {
  const answer = await call(app, "POST", "/v1/flows/cache-change/instances", {
    user: "rita",
    json: { input: CACHE_CHANGE },
  });
  const { instanceId } = answer.json as { instanceId: string };
  await openApproval(backend, {
    token: `TOKEN-${instanceId}`,
    instance: { tenant: "default", id: instanceId },
    node: "lead",
  });
  return instanceId;
}

/** Starts one and has olga approve the lead with a comment. */
async function approvedByOlga(): Promise<string> {
  const id = await started();
  const decided = await call(app, "POST", `/v1/approvals/${id}.lead.1/decision`, {
    user: "olga",
    json: { action: "approve", comment: "fine by me" },
  });
  expect(decided.status).toBe(200);
  return id;
}

/** GETs a page path as `user` through the dev picker's cookie, as a browser in dev mode. */
function get(path: string, user?: string, headers: Record<string, string> = {}) {
  return call(app, "GET", path, {
    headers: { ...(user ? { cookie: `baton_dev_user=${user}` } : {}), ...headers },
  });
}

/** POSTs the withdraw form as `user`. */
function withdraw(id: string, user: string, form: Record<string, string>) {
  return call(app, "POST", `/ui/instances/${id}/cancel`, {
    headers: {
      cookie: `baton_dev_user=${user}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams(form).toString(),
  });
}

const tokenOf = (user: string, id: string) =>
  pageCsrfToken(backend.secrets.linkKey, { tenant: "default", user }, `cancel:${id}`);

/** The text of the page's body, tags stripped, whitespace folded. */
const words = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

describe("the instance page (/ui/instances/{id})", () => {
  it("shows the status, the request as nested lists, the history in words, the picture coloured and the audit verified", async () => {
    // Prepare
    const id = await approvedByOlga();

    const trip = await call(app, "POST", "/v1/flows/trip/instances", {
      user: "rita",
      json: { input: { to: "Shanghai", travellers: [{ name: "rita", nights: 2 }], paid: null } },
    });

    // Act
    const page = await get(`/ui/instances/${id}`, "olga");
    const nested = await get(
      `/ui/instances/${(trip.json as { instanceId: string }).instanceId}`,
      "olga",
    );
    const zh = await get(`/ui/instances/${id}?lang=zh-CN`, "olga");

    // Assess
    expect(page.status).toBe(200);
    expect(page.text).toContain("<title>Cache resource change: request · Baton</title>");
    expect(page.text).toContain('data-status="running">running</span>');
    expect(page.text).toContain("<dt>app</dt><dd>feed</dd>");
    expect(nested.text).toContain(
      '<dt>travellers</dt><dd><ol class="context-list"><li><dl class="context"><dt>name</dt><dd>rita</dd><dt>nights</dt><dd>2</dd></dl></li></ol></dd>',
    );
    expect(nested.text).toContain('<dt>paid</dt><dd><span class="muted">none</span></dd>');
    expect(page.text).not.toContain('"requester"');
    const text = words(page.text);
    expect(text).toContain("UTC rita started the request");
    expect(text).toContain("Baton Application owner approval: asked olga to decide");
    expect(text).toContain("olga approved Application owner approval");
    expect(text).toContain("Application owner approval: approved; comment: “fine by me”");
    expect(text).toContain("DBA / SRE capacity review skipped");
    expect(page.text).toMatch(
      /data-audit="verified">Verified: the hash chain of \d+ entries holds/,
    );
    expect(page.text).toMatch(/<g data-node="lead" class="node node-approval status-approved"/);
    expect(page.text).toMatch(/<g data-node="sre" class="node node-approval status-skipped"/);
    expect(page.text).toMatch(/<path data-edge="0" class="edge edge-fired"/);
    expect(page.text).toMatch(/data-step="lead" data-status="approved">approved</);
    expect(page.text).toMatch(/<script type="module" src="\/assets\/instance\.[A-Z0-9]{8}\.js">/);
    expect(page.text).not.toContain("TOKEN-");
    expect(zh.status).toBe(200);
    expect(zh.text).toContain('data-status="running">进行中</span>');
    expect(words(zh.text)).toContain("rita 发起了申请");
    expect(zh.text).toContain("Application owner approval：已同意；意见：“fine by me”");
    expect(zh.text).toMatch(/data-audit="verified">已验证/);
    expect(zh.text).toContain("审批");
  });

  it("shows a history edited in the table as broken at the entry that was changed", async () => {
    // Prepare
    const id = await approvedByOlga();
    const tampered = 4;
    database
      .prepare(
        "UPDATE history SET record = json_set(record, '$.actor', 'mallory') WHERE tenant = 'default' AND instance_id = ? AND seq = ?",
      )
      .run(id, tampered);

    // Act
    const page = await get(`/ui/instances/${id}`, "rita");
    const state = await get(`/ui/instances/${id}/state.json`, "rita");

    // Assess
    expect(page.status).toBe(200);
    expect(page.text).toContain(
      `data-audit="broken">Broken at entry ${tampered}: the history was changed after it was written.`,
    );
    expect((state.json as InstanceLiveState).audit.state).toBe("broken");
  });

  it("answers the live state to the page's identity (the picker's cookie), in the page's words, without a read receipt", async () => {
    // Prepare
    const id = await approvedByOlga();
    const history = await backend.stores.history.list("default", id);

    // Act
    const state = await get(`/ui/instances/${id}/state.json`, "sue", {
      "accept-language": "zh-CN",
    });
    const anonymous = await get(`/ui/instances/${id}/state.json`);
    const v1ByCookie = await get(`/v1/instances/${id}`, "sue");

    // Assess
    expect(state.status).toBe(200);
    const live = state.json as InstanceLiveState;
    expect(live).toMatchObject({
      status: "running",
      statusText: "进行中",
      running: true,
      steps: {
        lead: { status: "approved", text: "已同意" },
        sre: { status: "skipped", text: "已跳过" },
        provision: { status: "waiting", text: "未开始" },
      },
      nodes: { start: "succeeded", lead: "approved", end: "waiting" },
      statusWords: { approved: "已同意", active: "进行中", poisoned: "未到达" },
      audit: { state: "verified" },
    });
    expect(live.edges[0]).toBe("fired");
    expect(live.history.map((row) => row.seq)).toEqual(history.map((entry) => entry.seq));
    expect(live.history[0]).toMatchObject({ seq: 1, who: "rita", what: "发起了申请" });
    expect(state.text).not.toContain("TOKEN-");
    expect(anonymous.status).toBe(401);
    expect(v1ByCookie.status).toBe(401);
  });

  it("lets only the starter withdraw, with the form's CSRF token and the confirmation, then shows it ended without the form", async () => {
    // Prepare
    const id = await started();

    // Act
    const starterPage = await get(`/ui/instances/${id}`, "rita");
    const approverPage = await get(`/ui/instances/${id}`, "olga");
    const noToken = await withdraw(id, "rita", { confirm: "yes" });
    const forged = await withdraw(id, "rita", { confirm: "yes", csrf: tokenOf("olga", id) });
    const otherInstance = await withdraw(id, "rita", {
      confirm: "yes",
      csrf: tokenOf("rita", "ANOTHER"),
    });
    const byApprover = await withdraw(id, "olga", { confirm: "yes", csrf: tokenOf("olga", id) });
    const unconfirmed = await withdraw(id, "rita", { csrf: tokenOf("rita", id) });
    const still = await backend.stores.instances.get("default", id);
    const done = await withdraw(id, "rita", { confirm: "yes", csrf: tokenOf("rita", id) });
    const after = await get(done.headers.get("location") ?? "", "rita");
    const again = await withdraw(id, "rita", { confirm: "yes", csrf: tokenOf("rita", id) });

    // Assess
    expect(starterPage.text).toContain(`action="/ui/instances/${id}/cancel"`);
    expect(starterPage.text).toContain(`name="csrf" value="${tokenOf("rita", id)}"`);
    expect(starterPage.text).toMatch(/<input type="checkbox" id="withdraw-confirm"[^>]* required>/);
    expect(approverPage.status).toBe(200);
    expect(approverPage.text).not.toContain("/cancel");
    expect([noToken.status, forged.status, otherInstance.status, byApprover.status]).toEqual([
      403, 403, 403, 403,
    ]);
    expect(byApprover.text).toContain("only the starter may cancel");
    expect(unconfirmed.status).toBe(400);
    expect(still?.status).toBe("running");
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`/ui/instances/${id}?done=withdrawn`);
    expect(after.text).toContain('role="status">You withdrew this request.');
    expect(after.text).toContain('data-status="cancelled">cancelled</span>');
    expect(words(after.text)).toContain("the request ended cancelled (cancelled by rita)");
    expect(after.text).toContain('data-running="false"');
    expect(after.text).not.toContain("/cancel");
    expect(after.text).not.toContain('id="live-note"');
    expect(again.status).toBe(409);
  });

  it("refuses a visitor who is not signed in, and names no instance it does not have", async () => {
    // Prepare
    const id = await started();

    // Act
    const anonymous = await get(`/ui/instances/${id}`);
    const missing = await get("/ui/instances/NOSUCHINSTANCE", "rita");
    const odd = await get("/ui/instances/a%20b", "rita");
    const audit = await get(`/ui/instances/${id}/audit.json`, "olga");

    // Assess
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).toContain('id="dev-user"');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("no instance NOSUCHINSTANCE");
    expect(odd.status).toBe(404);
    expect(audit.status).toBe(200);
    expect(audit.headers.get("content-disposition")).toBe(
      `attachment; filename="audit-${id}.json"`,
    );
    expect(audit.json).toMatchObject({ instanceId: id, seal: { instanceId: id } });
  });

  it("leaves a CC'd reader's read receipt when the page is opened (GET), and none for HEAD", async () => {
    // Prepare
    const started = await call(app, "POST", "/v1/flows/trip/instances", {
      user: "rita",
      json: { input: { to: "Xi'an" } },
    });
    const id = (started.json as { instanceId: string }).instanceId;
    await openApproval(backend, {
      token: `TOKEN-${id}`,
      instance: { tenant: "default", id },
      node: "ok",
    });
    await call(app, "POST", `/v1/approvals/${id}.ok.1/decision`, {
      user: "olga",
      json: { action: "approve" },
    });
    const copies = async () =>
      (await backend.stores.inbox.list("default", "cy", "cc")).items.filter(
        (item) => item.instanceId === id,
      );
    const before = await copies();

    // Act
    const head = await call(app, "HEAD", `/ui/instances/${id}`, {
      headers: { cookie: "baton_dev_user=cy" },
    });
    const afterHead = await copies();
    const page = await get(`/ui/instances/${id}`, "cy");
    const afterGet = await copies();

    // Assess
    expect(before).toHaveLength(1);
    expect(before[0]?.readAt).toBeUndefined();
    expect(head.status).toBe(200);
    expect(afterHead).toEqual(before);
    expect(page.status).toBe(200);
    expect(afterGet[0]?.readAt).toBe("2026-12-02T10:00:00.000Z");
  });

  it("still shows an instance whose template version the catalog no longer serves: no picture, steps named by id", async () => {
    // Prepare
    const id = await approvedByOlga();
    const forgetful = createApiApp(
      { ...backend, templates: new MemoryTemplateCatalog([]) },
      { identity: devIdentity(), devSignIn: true, pageAssets: async () => assets, log: () => {} },
    );

    // Act
    const page = await call(forgetful, "GET", `/ui/instances/${id}`, {
      headers: { cookie: "baton_dev_user=rita" },
    });
    const state = await call(forgetful, "GET", `/ui/instances/${id}/state.json`, {
      headers: { cookie: "baton_dev_user=rita" },
    });

    // Assess
    expect(page.status).toBe(200);
    expect(page.text).toContain("<h1>cache-change</h1>");
    expect(page.text).toContain("The flow picture is not available");
    expect(page.text).not.toContain("<svg");
    expect(words(page.text)).toContain("olga approved lead");
    expect(page.text).toContain('data-audit="verified"');
    expect(state.json).toMatchObject({ status: "running", steps: {}, nodes: {}, edges: [] });
  });
});
