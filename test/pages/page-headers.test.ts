import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_TENANT } from "../../lambdas/api/dev-identity.ts";
import { oidcClient } from "../../lambdas/api/oidc/oidc-client.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { loadTemplateFile } from "../../lambdas/core/template/load-template-file.ts";
import type { Answer } from "../api/support/api-client.ts";
import { CACHE_CHANGE_INPUT, olgasApproval } from "../support/browser-suite.ts";
import { type OidcTestProvider, oidcTestProvider } from "../support/oidc-test-provider.ts";
import { type ServedBaton, serveBaton } from "../support/served-baton.ts";

/**
 * Every answer of the pages (`/ui/…`, the approval link `/a/{linkId}`) is kept by no cache and
 * sends no referrer: a page holds someone's request, an approval link is a credential. One row
 * per way each page route answers — drawn, redirected, refused — through the app in-process.
 */

let provider: OidcTestProvider;
let baton: ServedBaton;

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const HTML = { accept: "text/html" };

/** The value of the first hidden `csrf` field after `marker` in a page. */
function csrfAfter(page: Answer, marker: string): string {
  const from = page.text.indexOf(marker);
  const token = /name="csrf" value="([^"]+)"/.exec(page.text.slice(from))?.[1];
  if (from < 0 || token === undefined) throw new Error(`no csrf after ${marker}`);
  return token;
}

/** Posts a form as `user` (anonymously when undefined). */
const post = (path: string, fields: Record<string, string>, user?: string) =>
  baton.call("POST", path, {
    ...(user === undefined ? {} : { user }),
    headers: FORM,
    body: new URLSearchParams(fields).toString(),
  });

/** A new pending approval of olga's: its ids and link path. */
async function pending() {
  const approval = await olgasApproval(baton);
  return { ...approval, linkPath: new URL(approval.link).pathname };
}

/** Starts release-check (an HTML form step) as sam: rhea's pending approval. */
async function htmlFormPending() {
  const instanceId = await baton.start("release-check", { service: "feed", version: "2" }, "sam");
  const approval = await baton.pending("rhea", instanceId);
  return { ...approval, linkPath: new URL(approval.link).pathname };
}

/** One way a page route answers. */
interface Row {
  /** The app's route, as `method /path/{param}`. */
  route: string;
  /** What the row does. */
  name: string;
  status: number;
  answer: () => Promise<Answer>;
}

const ROWS: Row[] = [
  {
    route: "get /ui",
    name: "the root, to the inbox",
    status: 303,
    answer: () => baton.call("GET", "/ui", { user: "olga" }),
  },
  {
    route: "get /ui/inbox",
    name: "the inbox",
    status: 200,
    answer: () => baton.call("GET", "/ui/inbox", { user: "olga" }),
  },
  {
    route: "get /ui/inbox",
    name: "the inbox's HEAD",
    status: 200,
    answer: () => baton.call("HEAD", "/ui/inbox", { user: "olga" }),
  },
  {
    route: "get /ui/inbox",
    name: "the inbox opened by nobody, to sign in",
    status: 303,
    answer: () => baton.call("GET", "/ui/inbox"),
  },
  {
    route: "get /ui/inbox",
    name: "the inbox's 400 page (an unknown view)",
    status: 400,
    answer: () => baton.call("GET", "/ui/inbox?view=nope", { user: "olga" }),
  },
  {
    route: "get /ui/approvals/{approvalId}",
    name: "the approval page",
    status: 200,
    answer: async () =>
      baton.call("GET", `/ui/approvals/${(await pending()).approvalId}`, { user: "olga" }),
  },
  {
    route: "get /ui/approvals/{approvalId}",
    name: "the approval page's 404 page",
    status: 404,
    answer: () => baton.call("GET", "/ui/approvals/nope", { user: "olga" }),
  },
  {
    route: "post /ui/approvals/{approvalId}",
    name: "an approval decided on the page, back to it",
    status: 303,
    answer: async () => {
      const path = `/ui/approvals/${(await pending()).approvalId}`;
      const page = await baton.call("GET", path, { user: "olga" });
      const csrf = csrfAfter(page, 'name="form" value="decide"');
      return post(path, { form: "decide", csrf, action: "approve" }, "olga");
    },
  },
  {
    route: "post /ui/approvals/{approvalId}",
    name: "a decision posted twice: the 409 page",
    status: 409,
    answer: async () => {
      const path = `/ui/approvals/${(await pending()).approvalId}`;
      const page = await baton.call("GET", path, { user: "olga" });
      const fields = {
        form: "decide",
        csrf: csrfAfter(page, 'name="form" value="decide"'),
        action: "approve",
      };
      await post(path, fields, "olga");
      return post(path, fields, "olga");
    },
  },
  {
    route: "post /ui/approvals/{approvalId}",
    name: "a decision posted after the instance was withdrawn: the 410 page",
    status: 410,
    answer: async () => {
      const { approvalId, instanceId } = await pending();
      const path = `/ui/approvals/${approvalId}`;
      const page = await baton.call("GET", path, { user: "olga" });
      const csrf = csrfAfter(page, 'name="form" value="decide"');
      await baton.call("POST", `/v1/instances/${instanceId}/cancel`, { user: "rita" });
      return post(path, { form: "decide", csrf, action: "approve" }, "olga");
    },
  },
  {
    route: "post /ui/approvals/{approvalId}",
    name: "a form without its CSRF token: the 403 page",
    status: 403,
    answer: async () =>
      post(
        `/ui/approvals/${(await pending()).approvalId}`,
        { form: "decide", action: "approve" },
        "olga",
      ),
  },
  {
    route: "get /ui/approvals/{approvalId}/form",
    name: "a step's HTML form (its own CSP)",
    status: 200,
    answer: async () =>
      baton.call("GET", `/ui/approvals/${(await htmlFormPending()).approvalId}/form`, {
        user: "rhea",
      }),
  },
  {
    route: "get /ui/instances/{id}",
    name: "the instance page",
    status: 200,
    answer: async () =>
      baton.call("GET", `/ui/instances/${(await pending()).instanceId}`, { user: "rita" }),
  },
  {
    route: "get /ui/instances/{id}",
    name: "the instance page's 404 page",
    status: 404,
    answer: () => baton.call("GET", "/ui/instances/nope", { user: "rita" }),
  },
  {
    route: "get /ui/instances/{id}/state.json",
    name: "the instance page's live state",
    status: 200,
    answer: async () =>
      baton.call("GET", `/ui/instances/${(await pending()).instanceId}/state.json`, {
        user: "rita",
      }),
  },
  {
    route: "get /ui/instances/{id}/state.json",
    name: "the live state read by nobody: 401",
    status: 401,
    answer: async () =>
      baton.call("GET", `/ui/instances/${(await pending()).instanceId}/state.json`),
  },
  {
    route: "get /ui/instances/{id}/audit.json",
    name: "the instance's audit chain",
    status: 200,
    answer: async () =>
      baton.call("GET", `/ui/instances/${(await pending()).instanceId}/audit.json`, {
        user: "rita",
      }),
  },
  {
    route: "post /ui/instances/{id}/cancel",
    name: "the starter withdraws, back to the page",
    status: 303,
    answer: async () => {
      const path = `/ui/instances/${(await pending()).instanceId}`;
      const page = await baton.call("GET", path, { user: "rita" });
      const csrf = csrfAfter(page, 'id="withdraw"');
      return post(`${path}/cancel`, { csrf, confirm: "yes" }, "rita");
    },
  },
  {
    route: "get /ui/templates",
    name: "the templates",
    status: 200,
    answer: () => baton.call("GET", "/ui/templates", { user: "rita" }),
  },
  {
    route: "get /ui/templates/{templateId}",
    name: "a template's page",
    status: 200,
    answer: () => baton.call("GET", "/ui/templates/cache-change", { user: "rita" }),
  },
  {
    route: "get /ui/templates/{templateId}",
    name: "a template's 404 page",
    status: 404,
    answer: () => baton.call("GET", "/ui/templates/nope", { user: "rita" }),
  },
  {
    route: "post /ui/templates/{templateId}",
    name: "a start, to the instance",
    status: 303,
    answer: async () => {
      const page = await baton.call("GET", "/ui/templates/cache-change", { user: "rita" });
      const startKey = /name="startKey" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
      const fields = Object.fromEntries(
        Object.entries(CACHE_CHANGE_INPUT).map(([key, value]) => [`form.${key}`, String(value)]),
      );
      const csrf = csrfAfter(page, 'id="start-form"');
      return post("/ui/templates/cache-change", { csrf, startKey, ...fields }, "rita");
    },
  },
  {
    route: "post /ui/templates/{templateId}",
    name: "a start the schema refuses: the page with its problems",
    status: 400,
    answer: async () => {
      const page = await baton.call("GET", "/ui/templates/cache-change", { user: "rita" });
      const startKey = /name="startKey" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
      const csrf = csrfAfter(page, 'id="start-form"');
      return post("/ui/templates/cache-change", { csrf, startKey, "form.app": "feed" }, "rita");
    },
  },
  {
    route: "get /ui/playground",
    name: "the playground",
    status: 200,
    answer: () => baton.call("GET", "/ui/playground", { user: "rita" }),
  },
  {
    route: "post /ui/playground",
    name: "the playground's check on the server",
    status: 200,
    answer: async () => {
      const page = await baton.call("GET", "/ui/playground", { user: "rita" });
      const csrf = csrfAfter(page, 'action="/ui/playground"');
      return post("/ui/playground", { csrf, source: "id: x\n" }, "rita");
    },
  },
  {
    route: "post /ui/dev-user",
    name: "the dev user picker, back to the page",
    status: 303,
    answer: async () => {
      const page = await baton.call("GET", "/ui/templates", { user: "rita" });
      const csrf = csrfAfter(page, 'action="/ui/dev-user"');
      return post("/ui/dev-user", { csrf, user: "olga", back: "/ui/templates" }, "rita");
    },
  },
  {
    route: "get /ui/sign-in",
    name: "a sign-in, to the provider",
    status: 302,
    answer: () => baton.call("GET", "/ui/sign-in?next=/ui/inbox"),
  },
  {
    route: "get /ui/signed-in",
    name: "a return this browser did not start: the 401 page",
    status: 401,
    answer: () => baton.call("GET", "/ui/signed-in?code=c&state=s"),
  },
  {
    route: "post /ui/sign-out",
    name: "a sign-out without its CSRF token: the 403 page",
    status: 403,
    answer: () => post("/ui/sign-out", {}, "rita"),
  },
  {
    route: "get /ui/signed-out",
    name: "the signed-out page",
    status: 200,
    answer: () => baton.call("GET", "/ui/signed-out"),
  },
  {
    route: "get /a/{linkId}",
    name: "an approval link's page",
    status: 200,
    answer: async () => baton.call("GET", (await pending()).linkPath, { headers: HTML }),
  },
  {
    route: "get /a/{linkId}",
    name: "a link that is none: the 404 page",
    status: 404,
    answer: () => baton.call("GET", "/a/nope", { headers: HTML }),
  },
  {
    route: "post /a/{linkId}",
    name: "a decision by link: the decision page",
    status: 200,
    answer: async () => {
      const { linkPath } = await pending();
      const page = await baton.call("GET", linkPath, { headers: HTML });
      return post(linkPath, { csrf: csrfAfter(page, "<form"), action: "approve" });
    },
  },
  {
    route: "post /a/{linkId}",
    name: "a decision by link posted twice: the 409 page",
    status: 409,
    answer: async () => {
      const { linkPath } = await pending();
      const page = await baton.call("GET", linkPath, { headers: HTML });
      const fields = { csrf: csrfAfter(page, "<form"), action: "reject" };
      await post(linkPath, fields);
      return post(linkPath, fields);
    },
  },
  {
    route: "get /a/{linkId}/form",
    name: "a link's HTML form (its own CSP)",
    status: 200,
    answer: async () => baton.call("GET", `${(await htmlFormPending()).linkPath}/form`),
  },
];

beforeAll(async () => {
  provider = await oidcTestProvider({ tenant: DEV_TENANT });
  const loaded = await loadTemplateFile("test/fixtures/html-form/release-check.yaml");
  baton = await serveBaton({
    templates: [loaded.template as Template],
    api: {
      signIn: {
        client: oidcClient({ issuer: provider.issuer, clientId: provider.clientId }),
        sessionKey: "s".repeat(43),
      },
    },
  });
  provider.redirectUri = `${baton.url}/ui/signed-in`;
}, 60_000);

afterAll(async () => {
  await baton?.close();
  await provider?.close();
});

describe("the pages' caching and referrer headers", () => {
  it.each(ROWS)(
    "$route — $name: $status, Cache-Control no-store, Referrer-Policy no-referrer",
    async (row) => {
      // Act
      const answer = await row.answer();

      // Assess
      expect(answer.status).toBe(row.status);
      expect(answer.headers.get("cache-control")).toBe("no-store");
      expect(answer.headers.get("referrer-policy")).toBe("no-referrer");
    },
  );

  it("has a row for every page route the app serves", () => {
    const pageRoutes = baton.app.routes
      .filter((route) => route.method !== "ALL")
      .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, "{$1}")}`)
      .filter((route) => / \/(ui|a)(\/|$)/.test(route));
    const covered = new Set(ROWS.map((row) => row.route));

    expect(pageRoutes.length).toBeGreaterThan(20);
    expect(pageRoutes.filter((route) => !covered.has(route))).toEqual([]);
  });

  it("lets the hashed assets be cached for good, still without a referrer", async () => {
    // Prepare
    const page = await baton.call("GET", "/ui/inbox", { user: "olga" });
    const stylesheet = /href="(\/assets\/[^"]+\.css)"/.exec(page.text)?.[1] ?? "";

    // Act
    const answer = await baton.call("GET", stylesheet);

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(answer.headers.get("referrer-policy")).toBe("no-referrer");
  });
});

describe("an address no route has", () => {
  it("answers a /ui address with the shell's 404 page, signed in or not, kept by no cache", async () => {
    // Act
    const signedIn = await baton.call("GET", "/ui/no-such-page", { user: "olga", headers: HTML });
    const anonymous = await baton.call("GET", "/ui/no-such-page", { headers: HTML });

    // Assess
    for (const answer of [signedIn, anonymous]) {
      expect(answer.status).toBe(404);
      expect(answer.headers.get("content-type")).toContain("text/html");
      expect(answer.text).toContain("<h1>no such page</h1>");
      expect(answer.headers.get("cache-control")).toBe("no-store");
    }
    expect(signedIn.text).toContain("olga");
  });

  it("answers a link-shaped address in a browser with the link's refusal page, and the API's with JSON", async () => {
    // Act
    const link = await baton.call("GET", "/a/not/a/link", { headers: HTML });
    const api = await baton.call("GET", "/v1/no-such-route", { user: "olga" });

    // Assess
    expect(link.status).toBe(404);
    expect(link.text).toContain("no such page");
    expect(api.status).toBe(404);
    expect(JSON.parse(api.text)).toEqual({
      error: { code: "not-found", message: "no such route" },
    });
  });
});
