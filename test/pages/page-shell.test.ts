import { beforeAll, describe, expect, it } from "vitest";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import { buildPageAssets, type PageAssets } from "../../lambdas/api/pages/page-assets.ts";
import { pageCsrfToken } from "../../lambdas/api/pages/page-csrf.ts";
import { pageLocale } from "../../lambdas/api/pages/page-locale.ts";
import { pageShell } from "../../lambdas/api/pages/page-shell.ts";
import { type TestBackend, testBackend } from "../api/support/test-backend.ts";

let test: TestBackend;
let assets: PageAssets;
const appOf = (devSignIn: boolean) =>
  createApiApp(test.backend, {
    identity: devIdentity(),
    devSignIn,
    pageAssets: async () => assets,
    log: () => {},
  });

beforeAll(async () => {
  test = await testBackend();
  assets = await buildPageAssets();
});

const cookieOf = (response: Response) => response.headers.get("set-cookie") ?? "";

describe("the page shell", () => {
  it("serves the built stylesheet under its content hash, cached for good, and nothing else", async () => {
    const app = appOf(false);
    const url = assets.url("pages.css");
    expect(url).toMatch(/^\/assets\/pages\.[A-Z0-9]{8}\.css$/);
    const css = await app.request(url);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(css.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const text = await css.text();
    expect(text).toContain("header.shell");
    // The flow picture's stylesheet, made by its code, comes with it.
    expect(text).toContain(".flow-picture");
    const missing = await app.request("/assets/pages.00000000.css");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("cache-control")).toBe("no-store");
    expect(() => assets.url("nothing.js")).toThrow(/no page asset nothing\.js/);
  });

  it("draws a page without inline script or style, and the CSP forbids them", async () => {
    const html = pageShell({
      title: "<Inbox>",
      body: "<p>hi</p>",
      locale: "zh-CN",
      assets,
      path: "/ui/inbox?view=done",
      identity: { tenant: "default", user: "al" },
      devPicker: { csrf: "t0ken" },
    });
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain("<title>&lt;Inbox&gt; · Baton</title>");
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    expect(html).toContain('href="/ui/inbox?view=done&amp;lang=en"');
    expect(html).toContain('name="csrf" value="t0ken"');
    const response = await appOf(false).request("/ui");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
  });

  it("picks the language from ?lang=, then its cookie, then Accept-Language", () => {
    const at = (url: string, headers: Record<string, string> = {}) =>
      pageLocale(new Request(`http://x${url}`, { headers }));
    expect(at("/ui/inbox")).toBe("en");
    expect(at("/ui/inbox", { "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" })).toBe("zh-CN");
    expect(at("/ui/inbox", { "accept-language": "fr, en;q=0.5, zh;q=0.7" })).toBe("zh-CN");
    expect(at("/ui/inbox", { "accept-language": "zh;q=0, en" })).toBe("en");
    expect(at("/ui/inbox", { cookie: "a=1; baton_lang=zh-CN", "accept-language": "en" })).toBe(
      "zh-CN",
    );
    expect(at("/ui/inbox?lang=en", { cookie: "baton_lang=zh-CN" })).toBe("en");
  });

  it("switches the development user only with the picker's CSRF token, and only back to a page", async () => {
    const app = appOf(true);
    const anonymous = pageCsrfToken(
      test.backend.secrets.linkKey,
      { tenant: "default", user: "" },
      "dev-user",
    );
    const post = (form: Record<string, string>, headers: Record<string, string> = {}) =>
      app.request("/ui/dev-user", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams(form).toString(),
      });
    const forged = await post({ user: "mallory", back: "/ui/inbox" });
    expect(forged.status).toBe(403);
    expect(cookieOf(forged)).toBe("");
    const stale = await post(
      { user: "al", back: "/ui/inbox", csrf: anonymous },
      { cookie: "baton_dev_user=bo" },
    );
    expect(stale.status).toBe(403);
    const bad = await post({ user: "not a user", back: "/ui/inbox", csrf: anonymous });
    expect(bad.status).toBe(400);
    const ok = await post({ user: "al", back: "/ui/inbox?view=done", csrf: anonymous });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/ui/inbox?view=done");
    expect(cookieOf(ok)).toBe("baton_dev_user=al; Path=/; HttpOnly; SameSite=Strict");
    const away = await post({ user: "al", back: "https://evil.example/", csrf: anonymous });
    expect(away.headers.get("location")).toBe("/ui/inbox");
  });

  it("has no user picker outside dev mode", async () => {
    const response = await appOf(false).request("/ui/dev-user", { method: "POST" });
    expect(response.status).toBe(404);
  });
});
