import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import { HTML_FORM_CSP } from "../../lambdas/api/pages/html-form-csp.ts";
import { buildPageAssets, type PageAssets } from "../../lambdas/api/pages/page-assets.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { loadTemplateFile } from "../../lambdas/core/template/load-template-file.ts";
import { type Answer, call } from "../api/support/api-client.ts";
import { type TestBackend, testBackend } from "../api/support/test-backend.ts";
import { approval, flow } from "../support/template-builder.ts";

/** The test template whose `review` names forms/release-check.html, loaded with its form. */
async function releaseCheck(): Promise<Template> {
  const loaded = await loadTemplateFile("test/fixtures/html-form/release-check.yaml");
  if (!loaded.template) throw new Error(JSON.stringify(loaded.problems));
  return loaded.template;
}

/** A flow whose approval has a schema form but no HTML form. */
const PLAIN = flow(
  [approval("review", ["rhea"], { form: { type: "object" } })],
  ["start>review", "review>end"],
  {
    id: "plain",
  },
);

let assets: PageAssets;
let template: Template;
let test: TestBackend;

beforeAll(async () => {
  [assets, template] = await Promise.all([buildPageAssets(), releaseCheck()]);
});

beforeEach(async () => {
  test = await testBackend([template, PLAIN]);
});

function app(identity = devIdentity()) {
  return createApiApp(test.backend, {
    identity,
    devSignIn: true,
    pageAssets: async () => assets,
    log: () => {},
  });
}

/** Starts `templateId` as sam and parks it at `review`: the approval's id. */
async function approvalOf(templateId: string): Promise<string> {
  const started = await call(app(), "POST", `/v1/flows/${templateId}/instances`, {
    user: "sam",
    json: { input: { service: "feed", version: "2.4.1" } },
  });
  const { instanceId } = started.json as { instanceId: string };
  await test.park(instanceId, "review");
  return `${instanceId}.review.1`;
}

const get = (id: string, user: string | undefined, on = app(), path = "form"): Promise<Answer> =>
  call(on, "GET", `/ui/approvals/${id}/${path}`, {
    headers: user === undefined ? {} : { cookie: `baton_dev_user=${user}` },
  });

describe("GET /ui/approvals/{approvalId}/form", () => {
  it("answers the version's HTML form with its own strict CSP, uncached, to a reader of the approval", async () => {
    const id = await approvalOf("release-check");

    const form = await get(id, "rhea");
    const other = await get(id, "zed");

    expect(form.status).toBe(200);
    expect(form.text).toBe(template.htmlForms?.["forms/release-check.html"]);
    expect(form.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(form.headers.get("content-security-policy")).toBe(HTML_FORM_CSP);
    expect(HTML_FORM_CSP).toContain("sandbox allow-scripts");
    expect(HTML_FORM_CSP).toContain("connect-src 'none'");
    expect(HTML_FORM_CSP).toContain("form-action 'none'");
    expect(HTML_FORM_CSP).not.toContain("allow-same-origin");
    expect(form.headers.get("cache-control")).toBe("no-store");
    expect(other.status).toBe(200);
  });

  it("refuses nobody signed in (401), another tenant (404), a step without an HTML form (404) and a malformed id (404); nothing changes", async () => {
    const id = await approvalOf("release-check");
    const plain = await approvalOf("plain");
    const before = await test.backend.stores.history.list("default", id.split(".")[0] ?? "");
    const stranger = app(async () => ({ tenant: "elsewhere", user: "rhea" }));

    const answers = await Promise.all([
      get(id, undefined),
      get(id, "rhea", stranger),
      get(plain, "rhea"),
      get("nope", "rhea"),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([401, 404, 404, 404]);
    for (const answer of answers) {
      expect(answer.headers.get("content-security-policy")).not.toBe(HTML_FORM_CSP);
      expect(answer.text).not.toContain("Waiting for the request");
    }
    expect(await test.backend.stores.history.list("default", id.split(".")[0] ?? "")).toEqual(
      before,
    );
  });

  it("frames it on the approval page for whoever may decide: sandboxed without same-origin, the context, a disabled values field and the generated fields as the fallback", async () => {
    const id = await approvalOf("release-check");

    const page = await call(app(), "GET", `/ui/approvals/${id}`, {
      headers: { cookie: "baton_dev_user=rhea" },
    });
    const reader = await call(app(), "GET", `/ui/approvals/${id}`, {
      headers: { cookie: "baton_dev_user=zed" },
    });

    expect(page.status).toBe(200);
    const frame = /<iframe[^>]*>/.exec(page.text)?.[0] ?? "";
    expect(frame).toContain('sandbox="allow-scripts"');
    expect(frame).toContain(`src="/ui/approvals/${id}/form"`);
    expect(frame).not.toMatch(/allow-same-origin|allow-forms|allow-top-navigation|allow-popups/);
    expect(page.text).toContain(
      'data-context="{&quot;input&quot;:{&quot;service&quot;:&quot;feed&quot;',
    );
    expect(page.text).toMatch(
      /<input type="hidden" name="values" value="" data-html-form-values disabled>/,
    );
    expect(page.text).toContain("<div data-schema-fields>");
    expect(page.text).toMatch(/html-form\.[A-Za-z0-9_-]+\.js/);
    expect(reader.text).not.toContain("<iframe");
    expect(reader.text).not.toMatch(/html-form\.[A-Za-z0-9_-]+\.js/);
  });

  it("records the values the frame handed over (the values field) after the node's schema checks them; bad values refuse 400 and record nothing", async () => {
    const id = await approvalOf("release-check");
    const instanceId = id.split(".")[0] ?? "";
    const decide = async (values: string) => {
      const page = await call(app(), "GET", `/ui/approvals/${id}`, {
        headers: { cookie: "baton_dev_user=rhea" },
      });
      const csrf =
        /name="form" value="decide">\s*<input type="hidden" name="csrf" value="([^"]+)"/.exec(
          page.text,
        )?.[1] ?? "";
      return call(app(), "POST", `/ui/approvals/${id}`, {
        headers: {
          cookie: "baton_dev_user=rhea",
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ form: "decide", csrf, action: "approve", values }).toString(),
      });
    };
    const approval = () => test.backend.stores.approvals.get("default", instanceId, "review", 1);

    const refused = await Promise.all(
      ["{not json", "[1]", JSON.stringify({ risk: "extreme", rollback: true })].map(decide),
    );
    const untouched = await approval();
    const done = await decide(JSON.stringify({ risk: "low", rollback: true, notes: "canary" }));

    expect(refused.map((answer) => answer.status)).toEqual([400, 400, 400]);
    expect(untouched?.log).toEqual([]);
    expect(done.status).toBe(303);
    expect((await approval())?.log.map((entry) => [entry.by, entry.act, entry.output])).toEqual([
      ["rhea", "approve", { risk: "low", rollback: true, notes: "canary" }],
    ]);
  });
});

describe("an approval link's page with an HTML form: GET /a/{linkId}/form and the framed page", () => {
  /** Parks `templateId` at review and reads rhea's link path from her inbox. */
  async function linkOf(templateId: string): Promise<{ path: string; instanceId: string }> {
    const id = await approvalOf(templateId);
    const inbox = await call(app(), "GET", "/v1/approvals?assignee=rhea&status=pending", {
      user: "rhea",
    });
    const items = (inbox.json as { items: { approvalId: string; link: string }[] }).items;
    const link = items.find((item) => item.approvalId === id)?.link ?? "";
    return { path: new URL(link).pathname, instanceId: id.split(".")[0] ?? "" };
  }
  const anonymous = async () => undefined;

  it("serves the version's HTML form to whoever holds the link, with its own CSP, uncached, changing nothing", async () => {
    const { path, instanceId } = await linkOf("release-check");
    const before = await test.backend.stores.history.list("default", instanceId);

    const form = await call(app(anonymous), "GET", `${path}/form`);

    expect(form.status).toBe(200);
    expect(form.text).toBe(template.htmlForms?.["forms/release-check.html"]);
    expect(form.headers.get("content-security-policy")).toBe(HTML_FORM_CSP);
    expect(form.headers.get("cache-control")).toBe("no-store");
    expect(await test.backend.stores.history.list("default", instanceId)).toEqual(before);
  });

  it("refuses a step without an HTML form and a made-up link (404), and someone else signed in (403)", async () => {
    const plain = await linkOf("plain");
    const framed = await linkOf("release-check");

    const answers = [
      await call(app(anonymous), "GET", `${plain.path}/form`),
      await call(app(anonymous), "GET", "/a/not-a-link/form"),
      await call(
        app(async () => ({ tenant: "default", user: "zed" })),
        "GET",
        `${framed.path}/form`,
      ),
    ];

    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 403]);
    for (const answer of answers) expect(answer.text).not.toContain("Waiting for the request");
  });

  it("frames the form on the link's page, loading the frame script, with the generated fields as the fallback", async () => {
    const { path } = await linkOf("release-check");
    const plain = await linkOf("plain");

    const page = await call(app(anonymous), "GET", path);
    const plainPage = await call(app(anonymous), "GET", plain.path);

    expect(page.status).toBe(200);
    const frame = /<iframe[^>]*>/.exec(page.text)?.[0] ?? "";
    expect(frame).toContain('sandbox="allow-scripts"');
    expect(frame).toContain(`src="${path}/form"`);
    expect(frame).not.toMatch(/allow-same-origin|allow-forms|allow-top-navigation|allow-popups/);
    expect(page.text).toMatch(
      /<script type="module" src="\/assets\/html-form\.[A-Za-z0-9_-]+\.js">/,
    );
    expect(page.text).toContain("<div data-schema-fields>");
    expect(plainPage.text).not.toContain("<iframe");
    expect(plainPage.text).not.toContain("<script");
  });

  it("records the frame's values posted with the link page's CSRF token; values the schema refuses record nothing", async () => {
    const { path, instanceId } = await linkOf("release-check");
    const page = await call(app(anonymous), "GET", path);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
    const post = (values: string) =>
      call(app(anonymous), "POST", path, {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrf, action: "approve", values }).toString(),
      });
    const approval = () => test.backend.stores.approvals.get("default", instanceId, "review", 1);

    const refused = await post(JSON.stringify({ risk: "extreme", rollback: true }));
    const untouched = await approval();
    const done = await post(JSON.stringify({ risk: "low", rollback: false }));

    expect(refused.status).toBe(400);
    expect(untouched?.log).toEqual([]);
    expect(done.status).toBe(200);
    expect((await approval())?.log.map((entry) => [entry.by, entry.act, entry.output])).toEqual([
      ["rhea", "approve", { risk: "low", rollback: false }],
    ]);
  });
});
