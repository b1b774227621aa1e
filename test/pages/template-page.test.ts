import { beforeAll, describe, expect, it } from "vitest";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import { buildPageAssets, type PageAssets } from "../../lambdas/api/pages/page-assets.ts";
import { pageCsrfToken } from "../../lambdas/api/pages/page-csrf.ts";
import { startInput } from "../../lambdas/api/pages/start-input.ts";
import { staticDirectory } from "../../lambdas/core/approval/directory.ts";
import { type TestBackend, testBackend } from "../api/support/test-backend.ts";
import { approval, flow } from "../support/template-builder.ts";

/** A flow decided by whoever holds the `ops` role. */
const ON_CALL = flow(
  [approval("ops", [], { approvers: { role: "ops" } })],
  ["start>ops", "ops>end"],
  {
    id: "on-call",
    input: { type: "object" },
  },
);

let test: TestBackend;
let assets: PageAssets;
let app: ReturnType<typeof createApiApp>;

beforeAll(async () => {
  test = await testBackend([ON_CALL]);
  assets = await buildPageAssets();
  app = createApiApp(test.backend, {
    identity: devIdentity(),
    devSignIn: true,
    pageAssets: async () => assets,
    log: () => {},
  });
}, 60_000);

const AS_AL = { cookie: "baton_dev_user=al" };

const CACHE_CHANGE = {
  requester: "al",
  owner: "olga",
  app: "feed",
  cluster: "live-core",
  memoryGb: "128",
  reason: "launch",
};

/** How many cache-change instances the store holds. */
async function instances(): Promise<number> {
  const listed = await test.backend.stores.instances.listByTemplate("default", "cache-change");
  return listed.items.length;
}

async function page(path: string, headers: Record<string, string> = AS_AL) {
  const response = await app.request(path, { headers });
  return { response, html: await response.text() };
}

/** A hidden field of the page's start form (the shell's user picker has a token too). */
function hidden(html: string, name: string): string {
  const form = html.slice(html.indexOf('id="start-form"'));
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(form)?.[1];
  if (value === undefined) throw new Error(`no ${name} field on the page`);
  return value;
}

async function post(templateId: string, fields: Record<string, string>, headers = AS_AL) {
  const body = new URLSearchParams(fields);
  return app.request(`/ui/templates/${templateId}`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
    body: body.toString(),
  });
}

/** The page's form filled with `input` (as `form.{key}` fields), with its CSRF token and key. */
async function filled(templateId: string, input: Record<string, string>) {
  const { html } = await page(`/ui/templates/${templateId}`);
  const fields: Record<string, string> = {
    csrf: hidden(html, "csrf"),
    startKey: hidden(html, "startKey"),
  };
  for (const [key, value] of Object.entries(input)) fields[`form.${key}`] = value;
  return fields;
}

describe("the template list (/ui/templates)", () => {
  it("lists every template with its id, latest version and description, linking to its page", async () => {
    const { response, html } = await page("/ui/templates");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    for (const id of ["cache-change", "devops-release", "push-campaign", "table-permission"]) {
      expect(html).toContain(`<a href="/ui/templates/${id}">`);
      expect(html).toContain(`<code>${id}</code>`);
    }
    expect(html).toContain('<th scope="col">Latest version</th>');
    expect(html.match(/<h1>/g)).toHaveLength(1);
  });

  it("speaks Simplified Chinese, and asks who you are when nobody is signed in", async () => {
    const { html } = await page("/ui/templates", { ...AS_AL, "accept-language": "zh-CN" });
    expect(html).toContain("<title>流程模板 · Baton</title>");
    expect(html).toContain('<th scope="col">最新版本</th>');
    const anonymous = await page("/ui/templates", {});
    expect(anonymous.response.status).toBe(401);
  });
});

describe("a template's page (/ui/templates/{id})", () => {
  it("shows the picture, the versions and a start form generated from the input schema", async () => {
    const { response, html } = await page("/ui/templates/cache-change");
    expect(response.status).toBe(200);
    expect(html).toContain("<h1>Cache resource change</h1>");
    expect(html).toMatch(/<svg[^>]*class="flow-picture"/);
    expect(html).toContain('data-node="lead"');
    expect(html).toContain('href="/ui/templates/cache-change?version=1" aria-current="page"');
    expect(html).toMatch(/<label for="form.owner">owner <small>User id of the application owner/);
    expect(html).toMatch(
      /<input type="text" name="form.owner" id="form.owner" required minlength="1"/,
    );
    expect(html).toMatch(/<select name="form.cluster" id="form.cluster" required>/);
    expect(html).toMatch(/<input type="number" name="form.memoryGb" id="form.memoryGb" required/);
    expect(html).toMatch(/<input type="text" name="form.reason" id="form.reason" maxlength="2000"/);
    expect(html).toContain(`<script type="module" src="${assets.url("template.js")}"></script>`);
    const template = /data-template="([^"]*)"/.exec(html)?.[1] ?? "";
    expect(JSON.parse(template.replaceAll("&quot;", '"').replaceAll("&amp;", "&"))).toMatchObject({
      id: "cache-change",
      edges: expect.any(Array),
    });
    expect(html).toContain('data-draft-key="baton-draft:default:al:cache-change"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
  });

  it("draws lists, choices and nested objects for array and object properties", async () => {
    const table = (await page("/ui/templates/table-permission")).html;
    expect(table).toMatch(/<legend>privileges<\/legend>/);
    expect(table).toContain(
      '<input type="checkbox" name="form.privileges" id="form.privileges.4" value="EXPORT">',
    );
    expect(table).toMatch(/<label for="form.piiColumns">piiColumns <small>\(one per line\)/);
    const push = (await page("/ui/templates/push-campaign")).html;
    expect(push).toMatch(
      /<textarea name="form.segments" id="form.segments" required placeholder="JSON">/,
    );
  });

  it("reads a posted form back into the start input the schema describes", () => {
    const schema = {
      type: "object",
      required: ["privileges", "piiColumns", "days"],
      properties: {
        privileges: { type: "array", items: { type: "string", enum: ["SELECT", "EXPORT"] } },
        piiColumns: { type: "array", items: { type: "string" } },
        counts: { type: "array", items: { type: "integer" } },
        days: { type: "integer" },
        urgent: { type: "boolean" },
        segments: { type: "array", items: { type: "object" } },
        address: {
          type: "object",
          properties: { city: { type: "string" }, floor: { type: "integer" } },
        },
        note: { type: "string" },
      },
    };
    const posted = new URLSearchParams([
      ["form.privileges", "EXPORT"],
      ["form.privileges", "SELECT"],
      ["form.piiColumns", " email \r\n\r\nphone\n"],
      ["form.counts", "3\nmany"],
      ["form.days", "30"],
      ["form.segments", '[{"name":"kids"}]'],
      ["form.address.floor", "4"],
      ["form.note", ""],
    ]);
    expect(startInput(schema, posted)).toEqual({
      privileges: ["SELECT", "EXPORT"],
      piiColumns: ["email", "phone"],
      counts: [3, "many"],
      days: 30,
      urgent: false,
      segments: [{ name: "kids" }],
      address: { floor: 4 },
    });
    expect(startInput(schema, new URLSearchParams())).toEqual({
      privileges: [],
      piiColumns: [],
      urgent: false,
    });
  });

  it("shows an older version with a link to start on the latest, and refuses a version that is not one", async () => {
    const missing = await page("/ui/templates/cache-change?version=9");
    expect(missing.response.status).toBe(404);
    expect((await page("/ui/templates/cache-change?version=x")).response.status).toBe(404);
    expect((await page("/ui/templates/nothing-here")).response.status).toBe(404);
  });
});

describe("starting a flow from its page", () => {
  it("starts the latest version with the typed input, once per form, and goes to the instance", async () => {
    const before = test.executions.length;
    const fields = await filled("cache-change", CACHE_CHANGE);
    const response = await post("cache-change", fields);
    expect(response.status).toBe(303);
    const location = response.headers.get("location") ?? "";
    expect(location).toMatch(/^\/ui\/instances\/I\d+$/);
    expect(test.executions).toHaveLength(before + 1);
    const started = test.executions.at(-1);
    expect(started?.name).toBe(location.split("/").at(-1));
    expect(started?.input.input).toEqual({ ...CACHE_CHANGE, memoryGb: 128 });
    const instance = await test.backend.stores.instances.get("default", started?.name ?? "");
    expect(instance?.starter).toBe("al");
    const again = await post("cache-change", fields);
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(location);
    expect(test.executions).toHaveLength(before + 1);
  });

  it("shows each schema error beside its field, keeps what was posted, and starts nothing", async () => {
    const before = test.executions.length;
    const stored = await instances();
    const { owner: _, ...withoutOwner } = CACHE_CHANGE;
    const fields = await filled("cache-change", { ...withoutOwner, memoryGb: "lots" });
    const response = await post("cache-change", fields);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('role="alert"');
    expect(html).toMatch(
      /<input type="number" name="form.memoryGb" id="form.memoryGb" required aria-invalid="true"[^>]* value="lots"><p class="field-problem">input.memoryGb must be number<\/p>/,
    );
    expect(html).toMatch(
      /name="form.owner" id="form.owner" required aria-invalid="true"[^>]*><p class="field-problem">input must have required property &#39;owner&#39;<\/p>/,
    );
    expect(html).toContain('<option value="live-core" selected>');
    expect(html).toContain('data-refused="true"');
    expect(test.executions).toHaveLength(before);
    expect(await instances()).toBe(stored);
  });

  it("refuses a post without the page's CSRF token, or with another user's, and starts nothing", async () => {
    const before = test.executions.length;
    const fields = await filled("cache-change", CACHE_CHANGE);
    const { csrf: _, ...withoutToken } = fields;
    expect((await post("cache-change", withoutToken)).status).toBe(403);
    const bobs = pageCsrfToken(
      test.backend.secrets.linkKey,
      { tenant: "default", user: "bob" },
      "start:cache-change",
    );
    expect((await post("cache-change", { ...fields, csrf: bobs })).status).toBe(403);
    const otherForm = pageCsrfToken(
      test.backend.secrets.linkKey,
      { tenant: "default", user: "al" },
      "start:devops-release",
    );
    expect((await post("cache-change", { ...fields, csrf: otherForm })).status).toBe(403);
    expect(test.executions).toHaveLength(before);
  });

  it("changes nothing on GET or HEAD", async () => {
    const before = test.executions.length;
    await page("/ui/templates/cache-change");
    const head = await app.request("/ui/templates/cache-change", {
      method: "HEAD",
      headers: AS_AL,
    });
    expect(head.status).toBe(200);
    expect(test.executions).toHaveLength(before);
  });
});

describe("the start form's order", () => {
  it("puts the required fields first, as `required` lists them, then the others", async () => {
    const { html } = await page("/ui/templates/cache-change");
    const names = [...html.matchAll(/<label for="form\.([^"]+)"/g)].map((match) => match[1]);
    expect(names).toEqual(["requester", "owner", "app", "cluster", "memoryGb", "reason"]);
  });
});

describe("the path preview's directory", () => {
  it("carries the users of the roles the template's approvals name, as the backend's directory has them", async () => {
    const withRoles = createApiApp(
      { ...test.backend, directory: staticDirectory({ ops: ["omar", "olga"], hr: ["hana"] }) },
      { identity: devIdentity(), devSignIn: true, pageAssets: async () => assets, log: () => {} },
    );
    const html = await (
      await withRoles.request("/ui/templates/on-call", { headers: AS_AL })
    ).text();
    expect(html).toContain('data-roles="{&quot;ops&quot;:[&quot;omar&quot;,&quot;olga&quot;]}"');
    expect((await page("/ui/templates/cache-change")).html).toContain('data-roles="{}"');
  });
});
