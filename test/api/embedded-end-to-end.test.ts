import { describe, expect, it } from "vitest";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import { verifyChain } from "../../lambdas/core/audit/hash-chain.ts";
import type { HistoryEntry } from "../../lambdas/core/records/history-entry.ts";
import { signCallback } from "../../lambdas/core/security/callback-signature.ts";
import { createEmbeddedBackend } from "../../lambdas/embedded/create-embedded-backend.ts";
import { DirectoryTemplateCatalog } from "../../lambdas/embedded/directory-template-catalog.ts";
import { eventually } from "../support/eventually.ts";
import { type Answer, call } from "./support/api-client.ts";

const input = { requester: "rita", owner: "olga", app: "feed", cluster: "payment", memoryGb: 128 };

const items = (answer: Answer) =>
  (answer.json as { items: { approvalId: string; link: string }[] }).items;

describe("the API over the embedded backend", () => {
  it("takes cache-change to completed: a link decision, an API decision, a signed callback", async () => {
    // Prepare
    const catalog = new DirectoryTemplateCatalog("definitions");
    expect(await catalog.load()).toEqual([]);
    const backend = createEmbeddedBackend({ templates: catalog, publicUrl: "https://baton.test" });
    const app = createApiApp(backend, { identity: devIdentity() });

    // Act: start, the owner decides through the link page, SRE through the API
    const started = await call(app, "POST", "/v1/flows/cache-change/instances", {
      user: "rita",
      json: { input },
    });
    const { instanceId } = started.json as { instanceId: string };
    const todo = (user: string) =>
      eventually(
        () => call(app, "GET", "/v1/approvals?status=pending", { user }),
        (answer) => items(answer).length > 0,
      );
    const linkPath = (items(await todo("olga"))[0]?.link ?? "").slice("https://baton.test".length);
    const page = await call(app, "GET", linkPath);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
    const byLink = await call(app, "POST", linkPath, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrf, action: "approve", comment: "fine" }).toString(),
    });
    const sre = items(await todo("sre-sam"))[0]?.approvalId;
    const byApi = await call(app, "POST", `/v1/approvals/${sre}/decision`, {
      user: "sre-sam",
      json: { action: "approve" },
    });
    const requested = await eventually(
      () => call(app, "GET", `/v1/instances/${instanceId}/audit`, { user: "rita" }),
      (answer) =>
        (answer.json as { history: HistoryEntry[] }).history.some(
          (entry) => entry.type === "task.requested",
        ),
    );
    const callbackId = (requested.json as { history: HistoryEntry[] }).history.find(
      (entry) => entry.type === "task.requested",
    )?.detail.callbackId as string;
    const report = JSON.stringify({ status: "succeeded", output: { endpoint: "cache-1" } });
    const reported = await call(app, "POST", `/v1/callbacks/${callbackId}`, {
      body: report,
      headers: {
        "x-baton-signature": signCallback(
          backend.secrets.callbackKey,
          { tenant: "default", callbackId },
          report,
          Math.floor(backend.clock.now().getTime() / 1000),
        ),
      },
    });
    const ended = await eventually(
      () => call(app, "GET", `/v1/instances/${instanceId}`, { user: "rita" }),
      (answer) => (answer.json as { status: string }).status !== "running",
    );
    const audit = await call(app, "GET", `/v1/instances/${instanceId}/audit`, { user: "rita" });
    const picture = await call(app, "GET", `/v1/instances/${instanceId}/picture`, { user: "rita" });

    // Assess
    expect(started.status).toBe(201);
    expect(byLink.status).toBe(200);
    expect(byApi.status).toBe(200);
    expect(reported.json).toEqual({ callbackId, status: "succeeded" });
    expect(ended.json).toMatchObject({
      status: "completed",
      nodes: {
        lead: { status: "approved", output: { decidedBy: ["olga"], comment: "fine" } },
        sre: { status: "approved" },
        provision: { status: "succeeded", output: { endpoint: "cache-1" } },
      },
    });
    const { history } = audit.json as { history: HistoryEntry[] };
    expect(verifyChain(history)).toEqual({ ok: true, entries: history.length });
    const { mermaid } = picture.json as { mermaid: string };
    expect(mermaid).toMatch(/^flowchart TD/);
    for (const line of [
      "class n_lead approved",
      "class n_provision succeeded",
      "class n_manual waiting",
      "class n_end succeeded",
    ]) {
      expect(mermaid).toContain(line);
    }
  });
});
