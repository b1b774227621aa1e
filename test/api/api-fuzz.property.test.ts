import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import { signCallback } from "../../lambdas/core/security/callback-signature.ts";
import { call } from "./support/api-client.ts";
import { PANEL_TEMPLATE } from "./support/panel-template.ts";
import { type TestBackend, testBackend } from "./support/test-backend.ts";

/** Every line logged during the suite: the app's log and the console. */
const lines: string[] = [];

const odd = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "..",
    "%2e%2e",
    "%00",
    "%E0%A4%A",
    "a/b",
    "I000001",
    "I000001.review.1",
    "é",
    " ",
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
);

const jsonBody = fc.oneof(
  fc.json(),
  fc.string(),
  fc.constantFrom("{", '{"input":', "[[[[", "null", '{"input":{}}', `${"[".repeat(5000)}`),
  fc
    .dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }))
    .map((value) => JSON.stringify(value)),
  fc
    .record(
      { input: fc.jsonValue({ maxDepth: 3 }), idempotencyKey: fc.jsonValue({ maxDepth: 1 }) },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        action: fc.oneof(
          fc.constantFrom("approve", "reject", "transfer", "addSign", "remind"),
          fc.string(),
        ),
        comment: fc.jsonValue({ maxDepth: 1 }),
        form: fc.jsonValue({ maxDepth: 2 }),
        to: fc.jsonValue({ maxDepth: 1 }),
        user: fc.jsonValue({ maxDepth: 1 }),
        position: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc
    .integer({ min: 256 * 1024 - 16, max: 300 * 1024 })
    .map((size) => `{"input":"${"x".repeat(size)}"}`),
);

/** Form fields after a valid CSRF token: the page's own, the node's form's, and odd ones. */
const formFields = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom("action", "comment", "level", "reason", "urgent", "csrf"),
          fc.string({ maxLength: 12 }),
        ),
        fc.oneof(
          fc.constantFrom("approve", "reject", "1", "2", "4", "routine", "exception", "on", ""),
          fc.string({ maxLength: 40 }),
        ),
      ),
      { maxLength: 6 },
    )
    .map((fields) => new URLSearchParams(fields).toString()),
);

/** A request somewhere in the API, well-formed or not. */
const request = fc.record({
  method: fc.oneof(
    { arbitrary: fc.constant("POST"), weight: 6 },
    { arbitrary: fc.constantFrom("GET", "HEAD"), weight: 3 },
    { arbitrary: fc.constantFrom("PUT", "DELETE", "PATCH"), weight: 1 },
  ),
  path: fc.oneof(
    fc.tuple(odd).map(([id]) => `/v1/flows/${encodeURIComponent(id)}/instances`),
    fc.constantFrom("/v1/flows/panel/instances", "/v1/flows/cache-change/instances"),
    fc.tuple(odd).map(([id]) => `/v1/instances/${encodeURIComponent(id)}`),
    fc.tuple(odd).map(([id]) => `/v1/instances/${encodeURIComponent(id)}/cancel`),
    fc.tuple(odd).map(([id]) => `/v1/instances/${encodeURIComponent(id)}/audit`),
    fc.tuple(odd).map(([id]) => `/v1/approvals/${encodeURIComponent(id)}/decision`),
    fc.constantFrom("/v1/approvals/I000001.review.1/decision"),
    fc
      .tuple(odd, odd)
      .map(
        ([key, value]) => `/v1/approvals?${encodeURIComponent(key)}=${encodeURIComponent(value)}`,
      ),
    fc.constantFrom(
      "/v1/approvals?status=pending&view=cc",
      "/v1/approvals?limit=0",
      "/v1/approvals?limit=101",
    ),
    fc.tuple(odd).map(([id]) => `/v1/callbacks/${encodeURIComponent(id)}`),
    fc.tuple(odd).map(([id]) => `/a/${encodeURIComponent(id)}`),
    fc.tuple(odd).map(([rest]) => `/${encodeURIComponent(rest)}`),
    fc.constantFrom("/v1/instances/I000001/audit/../../approvals", "//v1//approvals", "/v1/"),
  ),
  body: fc.option(jsonBody, { nil: undefined, freq: 5 }),
  user: fc.option(
    fc.oneof(
      { arbitrary: fc.constantFrom("sam", "p01", "mallory"), weight: 4 },
      { arbitrary: fc.string({ maxLength: 10 }), weight: 1 },
    ),
    { nil: undefined, freq: 5 },
  ),
  signCallback: fc.boolean(),
});

describe("API fuzz: whatever arrives, the answer is a JSON 4xx error at worst", () => {
  let test: TestBackend;
  let app: ReturnType<typeof createApiApp>;
  let linkPath = "";
  let csrf = "";
  beforeAll(async () => {
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(" "));
      });
    }
    test = await testBackend([PANEL_TEMPLATE]);
    app = createApiApp(test.backend, {
      identity: devIdentity(),
      log: (entry) => lines.push(JSON.stringify(entry)),
    });
    await call(app, "POST", "/v1/flows/panel/instances", { user: "sam", json: { input: {} } });
    await test.park("I000001", "review");
    const inbox = await call(app, "GET", "/v1/approvals?status=pending", { user: "p01" });
    const link = (inbox.json as { items: { link: string }[] }).items[0]?.link ?? "";
    linkPath = link.slice("https://baton.test".length);
    const page = await call(app, "GET", linkPath);
    csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it("never answers 5xx, never a stack trace, always a JSON error body for 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(request, async (sent) => {
        // Act
        const headers: Record<string, string> = {};
        if (sent.signCallback && sent.body !== undefined) {
          const callbackId = /^\/v1\/callbacks\/([^/?]*)/.exec(sent.path)?.[1] ?? "";
          headers["x-baton-signature"] = signCallback(
            test.backend.secrets.callbackKey,
            { tenant: "default", callbackId },
            sent.body,
            Math.floor(test.backend.clock.now().getTime() / 1000),
          );
        }
        const hasBody = sent.method !== "GET" && sent.method !== "HEAD";
        const answer = await call(app, sent.method, sent.path, {
          headers,
          ...(sent.user === undefined ? {} : { user: sent.user }),
          ...(hasBody && sent.body !== undefined ? { body: sent.body } : {}),
        });

        // Assess
        expect(answer.status, `${sent.method} ${sent.path}`).toBeLessThan(500);
        expect(answer.text).not.toMatch(/\n\s+at /);
        expect(answer.text).not.toMatch(/TOKEN-/);
        if (answer.status >= 400 && sent.method !== "HEAD") {
          const error = (answer.json as { error?: { code?: unknown; message?: unknown } })?.error;
          expect(typeof error?.code, answer.text).toBe("string");
          expect(typeof error?.message).toBe("string");
        }
      }),
      { numRuns: 800 },
    );
  });

  it("the link page and decision survive odd form posts past the CSRF check without 5xx", async () => {
    // Prepare
    expect(csrf.length).toBeGreaterThan(20);

    await fc.assert(
      fc.asyncProperty(formFields, async (fields) => {
        // Act
        const answer = await call(app, "POST", linkPath, {
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: `csrf=${encodeURIComponent(csrf)}&${fields}`,
        });

        // Assess
        expect([200, 400, 409, 413], `${answer.status} ${answer.text}`).toContain(answer.status);
      }),
      { numRuns: 100 },
    );
  });

  it("logged an unexpected error naming a task token, link id and keys, without any of them", async () => {
    // Prepare
    const linkId = linkPath.slice("/a/".length);
    expect(linkId.length).toBeGreaterThan(20);
    const { secrets } = test.backend;
    const started = await call(app, "POST", "/v1/flows/panel/instances", {
      user: "sam",
      json: { input: {} },
    });
    const instanceId = (started.json as { instanceId: string }).instanceId;
    const token = await test.park(instanceId, "review");
    vi.spyOn(test.backend.tasks, "succeed").mockRejectedValueOnce(
      new Error(
        `task ${token} (link ${linkId}) refused under keys ${secrets.callbackKey} ${secrets.linkKey} ${secrets.auditKey}`,
      ),
    );

    // Act
    const failed = await call(app, "POST", `/v1/approvals/${instanceId}.review.1/decision`, {
      user: "p01",
      json: { action: "approve", form: { level: 1 } },
    });

    // Assess
    expect(failed.status).toBe(500);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).toContain("refused under keys");
    for (const line of lines) {
      for (const secret of test.tokens) expect(line).not.toContain(secret);
      expect(line).not.toContain(linkId);
      expect(line).not.toContain(secrets.callbackKey);
      expect(line).not.toContain(secrets.linkKey);
      expect(line).not.toContain(secrets.auditKey);
    }
  });
});
