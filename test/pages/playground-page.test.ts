import fc from "fast-check";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import { buildPageAssets, type PageAssets } from "../../lambdas/api/pages/page-assets.ts";
import { DEV_USER_ACTION } from "../../lambdas/api/pages/page-context.ts";
import { pageCsrfToken } from "../../lambdas/api/pages/page-csrf.ts";
import { PLAYGROUND_EXAMPLE } from "../../lambdas/api/pages/playground-example.ts";
import { PLAYGROUND_ACTION } from "../../lambdas/api/pages/playground-page.ts";
import { loadTemplate } from "../../lambdas/core/template/load-template.ts";
import { type Answer, call } from "../api/support/api-client.ts";
import { type TestBackend, testBackend } from "../api/support/test-backend.ts";

let assets: PageAssets;
let test: TestBackend;
let app: ReturnType<typeof createApiApp>;

beforeAll(async () => {
  assets = await buildPageAssets();
});

beforeEach(async () => {
  test = await testBackend();
  app = createApiApp(test.backend, {
    identity: devIdentity(),
    devSignIn: true,
    pageAssets: async () => assets,
    log: () => {},
  });
});

const tokenOf = (user: string, action = PLAYGROUND_ACTION) =>
  pageCsrfToken(test.backend.secrets.linkKey, { tenant: "default", user }, action);

function open(user: string | undefined, query = "", headers: Record<string, string> = {}) {
  return call(app, "GET", `/ui/playground${query}`, {
    headers: { ...(user === undefined ? {} : { cookie: `baton_dev_user=${user}` }), ...headers },
  });
}

function post(user: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return call(app, "POST", "/ui/playground", {
    headers: {
      cookie: `baton_dev_user=${user}`,
      "content-type": "application/x-www-form-urlencoded",
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  });
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
};

/** The editor's text as a browser reads it: the first newline after the tag is not content. */
function editorText(page: Answer): string {
  const match = /<textarea id="template-source"[^>]*>([\s\S]*?)<\/textarea>/.exec(page.text);
  if (match?.[1] === undefined) throw new Error("the page has no editor");
  return match[1].replace(/^\n/, "").replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);
}

/** The problem list as the page writes it: `line N: message [rule]` per item. */
function problemLines(page: Answer): string[] {
  const list = /<ol class="problems">([\s\S]*?)<\/ol>/.exec(page.text)?.[1] ?? "";
  return [...list.matchAll(/<li(?: data-line="\d+")?>([\s\S]*?)<\/li>/g)].map((match) =>
    (match[1] ?? "")
      .replace(/<[^>]+>/g, "")
      .replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e),
  );
}

const BROKEN = `id: broken
version: 1
nodes:
  - { id: start, type: start }
  - { id: lead, type: approval, approvers: { users: [al] } }
  - { id: end, type: end }
edges:
  - { from: start, to: lead }
  - { from: lead, to: ghost }
`;

describe("the template playground page", () => {
  it("opens on the example with the server's verdict, its picture and its script", async () => {
    const page = await open("rita");
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(editorText(page)).toBe(PLAYGROUND_EXAMPLE);
    expect(page.text).toContain('<label for="template-source">Template (YAML)</label>');
    expect(page.text).toContain('<div id="problems" aria-live="polite">');
    expect(page.text).toContain("No problems: this template is valid.");
    expect(page.text).toMatch(/<svg [^>]*class="flow-picture"/);
    expect(page.text).toContain('data-node="finance"');
    expect(page.text).toMatch(/<script type="module" src="\/assets\/playground\.[A-Z0-9]{8}\.js">/);
    expect(page.text).toContain(`name="csrf" value="${tokenOf("rita")}"`);
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)/);
  });

  it("opens a catalog template written as YAML with ?from=", async () => {
    const page = await open("rita", "?from=cache-change");
    expect(page.status).toBe(200);
    const template = await test.backend.templates.get("cache-change");
    expect(parse(editorText(page))).toEqual(template);
    expect(page.text).toContain("No problems: this template is valid.");
    expect(page.text).toContain('data-node="lead"');
  });

  it("answers 404 for an unknown or malformed ?from=, and 401 to nobody", async () => {
    expect((await open("rita", "?from=no-such-flow")).status).toBe(404);
    expect((await open("rita", "?from=Bad%20Id")).status).toBe(404);
    const head = await call(app, "HEAD", "/ui/playground", {
      headers: { cookie: "baton_dev_user=rita" },
    });
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
    const nobody = await open(undefined);
    expect(nobody.status).toBe(401);
    expect(nobody.text).not.toContain("template-source");
  });

  it("checks a posted text on the server: every problem with its line, no picture, the text kept", async () => {
    const before = await test.backend.templates.list();
    const page = await post("rita", { csrf: tokenOf("rita"), source: BROKEN });
    expect(page.status).toBe(200);
    const expected = loadTemplate(BROKEN, "playground.yaml").problems;
    expect(expected.length).toBeGreaterThan(0);
    expect(problemLines(page)).toEqual(
      expected.map((problem) => `line ${problem.line}: ${problem.message} [${problem.rule}]`),
    );
    expect(problemLines(page)).toContainEqual(expect.stringMatching(/^line 9: edge `lead→ghost`/));
    expect(page.text).toContain(`${expected.length} problems`);
    expect(page.text).toContain("The picture is drawn once the template has no problems.");
    expect(page.text).not.toContain("<svg");
    expect(editorText(page)).toBe(BROKEN);
    // Nothing is stored: the catalog is as it was, and no template "broken" exists.
    expect(await test.backend.templates.list()).toEqual(before);
    expect(await test.backend.templates.get("broken")).toBeUndefined();
  });

  it("draws the picture of a valid posted text, in the page's language", async () => {
    const page = await post(
      "rita",
      { csrf: tokenOf("rita"), source: PLAYGROUND_EXAMPLE.replace("Expense claim", "报销") },
      { "accept-language": "zh-CN,zh;q=0.9" },
    );
    expect(page.status).toBe(200);
    expect(page.text).toContain("没有问题：此模板有效。");
    expect(page.text).toContain("<title>模板试验场 · Baton</title>");
    expect(page.text).toContain("<title>报销</title>");
    const broken = await post(
      "rita",
      { csrf: tokenOf("rita"), source: BROKEN },
      { "accept-language": "zh-CN" },
    );
    expect(problemLines(broken)).toContainEqual(
      expect.stringMatching(/^第 9 行: edge `lead→ghost`/),
    );
  });

  it("refuses a POST without its CSRF token, with another user's or another form's, with 403", async () => {
    for (const csrf of [undefined, tokenOf("omar"), tokenOf("rita", DEV_USER_ACTION), "forged"]) {
      const page = await post("rita", {
        ...(csrf === undefined ? {} : { csrf }),
        source: PLAYGROUND_EXAMPLE,
      });
      expect(page.status).toBe(403);
      expect(page.text).not.toContain("template-source");
    }
  });

  it("property: any posted text comes back in the editor as it was, with the server's problems", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.constantFrom("\nid: x\n", "</textarea><script>alert(1)</script>", "&amp; <b>"),
        ),
        async (source) => {
          const page = await post("rita", { csrf: tokenOf("rita"), source });
          expect(page.status).toBe(200);
          expect(editorText(page)).toBe(source);
          expect(page.text).not.toContain("<script>alert");
          expect(problemLines(page)).toHaveLength(
            loadTemplate(source, "playground.yaml").problems.length,
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
