import { createHmac } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import { callPlugin } from "../../lambdas/core/operations/call-plugin.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import { signCallback } from "../../lambdas/core/security/callback-signature.ts";
import { call } from "./support/api-client.ts";
import { type TestBackend, testBackend } from "./support/test-backend.ts";

const input = { requester: "rita", owner: "olga", app: "feed", cluster: "payment", memoryGb: 128 };
const TOKEN = `PROVISION-TOKEN-${"p".repeat(40)}`;

describe("POST /v1/callbacks/{id}", () => {
  let test: TestBackend;
  let app: ReturnType<typeof createApiApp>;
  let callbackId: string;
  beforeEach(async () => {
    test = await testBackend();
    app = createApiApp(test.backend, { identity: devIdentity() });
    await call(app, "POST", "/v1/flows/cache-change/instances", { user: "rita", json: { input } });
    const instance = { tenant: "default", id: "I000001" };
    await callPlugin(test.backend, {
      plugin: "cache.provision",
      node: "provision",
      token: TOKEN,
      instance,
      input,
      nodes: {},
    });
    callbackId = test.pluginCalls[0]?.callback?.id ?? "";
  });

  /** The test backend's clock in unix seconds, which the route checks signing times against. */
  const now = () => Math.floor(test.backend.clock.now().getTime() / 1000);

  const post = (body: string, signature: string | undefined, query = "") =>
    call(app, "POST", `/v1/callbacks/${callbackId}${query}`, {
      body,
      headers: signature === undefined ? {} : { "x-baton-signature": signature },
    });

  it("a report delivered 5 times settles once: 5 × 200 with the same answer, one task result", async () => {
    // Prepare
    const body = JSON.stringify({ status: "succeeded", output: { clusterId: "c-7" } });

    // Act
    const answers = [];
    for (let delivery = 0; delivery < 5; delivery += 1) {
      answers.push(
        await post(
          body,
          signCallback(
            test.backend.secrets.callbackKey,
            { tenant: "default", callbackId },
            body,
            now(),
          ),
        ),
      );
    }

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    for (const answer of answers) expect(answer.json).toEqual({ callbackId, status: "succeeded" });
    expect(test.taskCalls).toEqual([
      {
        kind: "succeed",
        token: TOKEN,
        output: { outcome: "succeeded", output: { clusterId: "c-7" } },
      },
    ]);
  });

  it("refuses a forged or missing signature with 401 before reading the report", async () => {
    // Prepare
    const body = JSON.stringify({ status: "succeeded" });

    // Act
    const forged = await post(
      body,
      signCallback("another key".repeat(4), { tenant: "default", callbackId }, body, now()),
    );
    const missing = await post(body, undefined);
    const altered = await post(
      JSON.stringify({ status: "failed" }),
      signCallback(
        test.backend.secrets.callbackKey,
        { tenant: "default", callbackId },
        body,
        now(),
      ),
    );

    // Assess
    expect([forged.status, missing.status, altered.status]).toEqual([401, 401, 401]);
    expect(forged.json).toEqual({
      error: { code: "unauthenticated", message: "the callback signature does not hold" },
    });
    expect(test.taskCalls).toEqual([]);
    expect((await test.backend.stores.callbacks.get("default", callbackId))?.status).toBe(
      "waiting",
    );
  });

  it("takes a heartbeat replayed within 300 s of its signing time and refuses it 401 after", async () => {
    // Prepare
    const body = JSON.stringify({ status: "heartbeat" });
    const signedAt = now();
    const signature = signCallback(
      test.backend.secrets.callbackKey,
      { tenant: "default", callbackId },
      body,
      signedAt,
    );

    // Act
    const sent = await post(body, signature);
    test.advance(300_000);
    const replayedWithin = await post(body, signature);
    test.advance(1_000);
    const replayedLate = await post(body, signature);

    // Assess
    const mac = createHmac("sha256", test.backend.secrets.callbackKey)
      .update(`${signedAt}\ndefault\n${callbackId}\n${body}`)
      .digest("hex");
    expect(signature).toBe(`t=${signedAt},sha256=${mac}`);
    expect([sent.status, replayedWithin.status, replayedLate.status]).toEqual([200, 200, 401]);
    expect(replayedLate.json).toEqual({
      error: {
        code: "unauthenticated",
        message:
          "the callback signature is too old or from the future (more than 300 s from the engine's clock)",
      },
    });
    expect(test.taskCalls).toEqual([
      { kind: "heartbeat", token: TOKEN },
      { kind: "heartbeat", token: TOKEN },
    ]);
  });

  it("refuses 401 a signing time more than 300 s ahead of the engine's clock", async () => {
    // Prepare
    const body = JSON.stringify({ status: "heartbeat" });
    const signedAhead = (seconds: number) =>
      signCallback(
        test.backend.secrets.callbackKey,
        { tenant: "default", callbackId },
        body,
        now() + seconds,
      );

    // Act
    const farAhead = await post(body, signedAhead(301));
    const justAhead = await post(body, signedAhead(300));

    // Assess
    expect([farAhead.status, justAhead.status]).toEqual([401, 200]);
    expect(farAhead.json).toEqual({
      error: {
        code: "unauthenticated",
        message:
          "the callback signature is too old or from the future (more than 300 s from the engine's clock)",
      },
    });
    expect(test.taskCalls).toEqual([{ kind: "heartbeat", token: TOKEN }]);
  });

  it("refuses 401 a signature in the format without a time, naming the format it expects", async () => {
    // Prepare: `sha256=<HMAC of "{tenant}\n{callbackId}\n{body}">`, as reports were signed before
    const body = JSON.stringify({ status: "heartbeat" });
    const untimed = createHmac("sha256", test.backend.secrets.callbackKey)
      .update(`default\n${callbackId}\n${body}`)
      .digest("hex");
    const timed = signCallback(
      test.backend.secrets.callbackKey,
      { tenant: "default", callbackId },
      body,
      now(),
    );

    // Act
    const answers = [
      await post(body, `sha256=${untimed}`),
      await post(body, timed.replace(",sha256=", ",v1=")),
      await post(body, `${timed},sha256=${untimed}`),
    ];

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401]);
    for (const answer of answers) {
      expect(answer.json).toEqual({
        error: {
          code: "unauthenticated",
          message:
            "the callback signature must be x-baton-signature: t=<unix seconds>,sha256=<hex HMAC-SHA-256 of t, tenant, callback id and raw body, one per line>",
        },
      });
    }
    expect(test.taskCalls).toEqual([]);
  });

  it("looks the callback up in the tenant the URL names, `default` without one", async () => {
    // Prepare
    const body = JSON.stringify({ status: "heartbeat" });
    const signature = signCallback(
      test.backend.secrets.callbackKey,
      { tenant: "default", callbackId },
      body,
      now(),
    );

    // Act
    const elsewhere = await post(
      body,
      signCallback(test.backend.secrets.callbackKey, { tenant: "acme", callbackId }, body, now()),
      "?tenant=acme",
    );
    const replayed = await post(body, signature, "?tenant=acme");
    const bad = await post(body, signature, "?tenant=a/b");
    const here = await post(body, signature);

    // Assess
    expect(elsewhere.status).toBe(404);
    expect(replayed.status).toBe(401);
    expect(bad.status).toBe(400);
    expect(here.json).toEqual({ callbackId, status: "waiting" });
    expect(test.taskCalls).toEqual([{ kind: "heartbeat", token: TOKEN }]);
  });

  it("refuses a signed body that is not a report with 400", async () => {
    // Prepare
    const body = JSON.stringify({ status: "done", extra: 1 });

    // Act
    const answer = await post(
      body,
      signCallback(
        test.backend.secrets.callbackKey,
        { tenant: "default", callbackId },
        body,
        now(),
      ),
    );

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      error: { code: "invalid", message: "unknown fields: body.extra", details: ["body.extra"] },
    });
  });
  it("reaches a callback of another tenant at the URL the plugin was given, which names that tenant", async () => {
    const { instanceId } = await startInstance(test.backend, {
      tenant: "acme",
      templateId: "cache-change",
      input,
      starter: "rita",
    });
    await callPlugin(test.backend, {
      plugin: "cache.provision",
      node: "provision",
      token: `${TOKEN}-acme`,
      instance: { tenant: "acme", id: instanceId },
      input,
      nodes: {},
    });
    const given = test.pluginCalls[1]?.callback;
    expect(given?.url).toBe(`https://baton.test/v1/callbacks/${given?.id}?tenant=acme`);
    const body = JSON.stringify({ status: "succeeded", output: {} });
    const signature = signCallback(
      test.backend.secrets.callbackKey,
      { tenant: "acme", callbackId: given?.id ?? "" },
      body,
      now(),
    );
    const answer = await call(app, "POST", (given?.url ?? "").replace("https://baton.test", ""), {
      body,
      headers: { "x-baton-signature": signature },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ callbackId: given?.id, status: "succeeded" });
  });
});
