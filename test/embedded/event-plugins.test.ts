import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EventEnvelope, eventEnvelope } from "../../lambdas/core/events/event-envelope.ts";
import { readLink } from "../../lambdas/core/security/approval-link.ts";
import { verifyEvent } from "../../lambdas/core/security/event-signature.ts";
import { DeliveryRefusedError } from "../../lambdas/embedded/event-plugins/delivery-refused-error.ts";
import { logPlugin } from "../../lambdas/embedded/event-plugins/log-plugin.ts";
import { notifierPlugin } from "../../lambdas/embedded/event-plugins/notifier-plugin.ts";
import { pluginRules } from "../../lambdas/embedded/event-plugins/plugin-rules.ts";
import { PluginSetupError } from "../../lambdas/embedded/event-plugins/plugin-setup-error.ts";
import { webhookPlugin } from "../../lambdas/embedded/event-plugins/webhook-plugin.ts";
import { LocalEventBus } from "../../lambdas/embedded/local-event-bus.ts";
import { WebhookReceiver } from "../support/webhook-receiver.ts";

/** A receiver whose URL path holds a token, as chat hooks' do. */
const receiver = new WebhookReceiver({ path: "/hooks/T0KEN-in-path" });
beforeAll(() => receiver.start());
afterAll(() => receiver.stop());

const SECRET = "webhook-key-of-ci";
const LINK_KEY = "the-installation-link-key";
const NOW = new Date("2026-12-02T10:00:00.000Z");

function envelope(
  type: EventEnvelope["detail-type"],
  detail: Record<string, unknown> = {},
): EventEnvelope {
  return eventEnvelope(
    {
      type,
      tenant: "default",
      templateId: "expense",
      templateVersion: 3,
      instanceId: "01JINSTANCE",
      nodeId: "lead",
      at: NOW.toISOString(),
      detail,
    },
    { id: "e-1", account: "000000000000", region: "local" },
  );
}

/** Runs a target, answering the error it threw (or undefined). */
async function failureOf(run: () => Promise<void>): Promise<unknown> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe("the webhook plugin", () => {
  const webhook = () =>
    webhookPlugin({ name: "ci", url: receiver.url, secret: SECRET, now: () => NOW });

  it("POSTs the envelope as JSON, signed over the time and the raw body", async () => {
    receiver.reset();
    const sent = envelope("flow.ended", { status: "completed" });
    await webhook()(sent);
    const [request] = receiver.received;
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request?.body ?? "")).toEqual(sent);
    const signature = String(request?.headers["x-baton-event-signature"]);
    expect(signature).toMatch(/^t=1796205600,sha256=[0-9a-f]{64}$/);
    expect(verifyEvent(SECRET, request?.body ?? "", signature, NOW.getTime() / 1000)).toBe(true);
    expect(verifyEvent("another-key", request?.body ?? "", signature, NOW.getTime() / 1000)).toBe(
      false,
    );
  });

  it("fails a 5xx or 429 answer to be retried, refuses a 4xx for good, and never names its URL", async () => {
    for (const [status, final] of [
      [503, false],
      [429, false],
      [400, true],
      [404, true],
    ] as const) {
      receiver.reset([status]);
      const error = await failureOf(() => webhook()(envelope("flow.ended")));
      expect(error instanceof DeliveryRefusedError).toBe(final);
      expect((error as Error).message).toBe(`the webhook of plugin "ci" answered ${status}`);
    }
  });

  it("fails a receiver that cannot be reached, to be retried, naming the cause only", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const target = webhookPlugin({
      name: "ci",
      url: `http://127.0.0.1:${port}/T0KEN`,
      secret: SECRET,
    });
    const error = (await failureOf(() => target(envelope("flow.ended")))) as Error;
    expect(error).not.toBeInstanceOf(DeliveryRefusedError);
    expect(error.message).toBe('the webhook of plugin "ci" could not be reached (ECONNREFUSED)');
  });

  it("through the bus: 503 twice then 200 is three signed POSTs and no dead letter", async () => {
    receiver.reset([503, 503]);
    const rules = pluginRules(
      [
        {
          name: "ci",
          kind: "webhook",
          url: receiver.url,
          secretEnv: "CI_SECRET",
          subscriptions: [{ events: ["flow.ended"] }],
        },
      ],
      { env: { CI_SECRET: SECRET }, linkKey: LINK_KEY, publicUrl: () => "http://127.0.0.1:3000" },
    );
    const bus = new LocalEventBus({ rules, wait: async () => undefined });
    await bus.publish([envelope("flow.ended").detail, envelope("flow.started").detail]);
    await bus.settled();
    expect(receiver.received).toHaveLength(3);
    for (const request of receiver.received) {
      const signature = String(request.headers["x-baton-event-signature"]);
      expect(verifyEvent(SECRET, request.body, signature, Date.now() / 1000)).toBe(true);
    }
    expect((await bus.deadLetters.list()).items).toEqual([]);
  });

  it("is not set up without its secret", () => {
    expect(() =>
      pluginRules(
        [
          {
            name: "ci",
            kind: "webhook",
            url: receiver.url,
            secretEnv: "UNSET_SECRET",
            subscriptions: [{ events: ["flow.ended"] }],
          },
        ],
        { env: {}, linkKey: LINK_KEY, publicUrl: () => "" },
      ),
    ).toThrow(PluginSetupError);
  });
});

describe("pluginRules", () => {
  it("makes one rule per subscription, and refuses a user plugin's subscriptions without a runner", () => {
    const links = { env: {}, linkKey: LINK_KEY, publicUrl: () => "" };
    const rules = pluginRules(
      [
        {
          name: "audit",
          kind: "log",
          subscriptions: [
            { events: ["flow.ended"] },
            { events: ["node.completed"], nodes: ["lead"] },
          ],
        },
        { name: "quiet", kind: "node", handler: "plugins/quiet.ts", subscriptions: [] },
      ],
      links,
    );
    expect(rules.map((rule) => [rule.name, rule.plugin, rule.pattern])).toEqual([
      ["audit#0", "audit", { source: ["baton"], "detail-type": ["flow.ended"] }],
      [
        "audit#1",
        "audit",
        { source: ["baton"], "detail-type": ["node.completed"], detail: { nodeId: ["lead"] } },
      ],
    ]);
    expect(() =>
      pluginRules(
        [
          {
            name: "scorer",
            kind: "python",
            handler: "plugins/scorer.py",
            subscriptions: [{ events: ["flow.ended"] }],
          },
        ],
        links,
      ),
    ).toThrow('plugin "scorer": no runner for python plugins');
  });
});

describe("the notifier plugin", () => {
  const requested = envelope("approval.requested", {
    approvalId: "01JINSTANCE.lead.1",
    approvers: ["al", "bo"],
  });

  it("POSTs { text, link, approver } to each approver, with their own signed approval link", async () => {
    receiver.reset();
    await notifierPlugin({
      name: "chat",
      url: receiver.url,
      linkKey: LINK_KEY,
      publicUrl: () => "http://127.0.0.1:3988",
      now: () => NOW,
    })(requested);
    const posted = receiver.received.map(
      (request) => JSON.parse(request.body) as Record<string, string>,
    );
    expect(posted.map((notice) => notice.approver).sort()).toEqual(["al", "bo"]);
    for (const notice of posted) {
      expect(notice.text).toBe(
        `Your approval is requested (${notice.approver}): expense v3, node lead, instance 01JINSTANCE`,
      );
      const prefix = "http://127.0.0.1:3988/a/";
      expect(notice.link?.startsWith(prefix)).toBe(true);
      expect(readLink(LINK_KEY, notice.link?.slice(prefix.length) ?? "")).toEqual({
        tenant: "default",
        approvalId: "01JINSTANCE.lead.1",
        user: notice.approver,
        expiresAt: "2026-12-09T10:00:00.000Z",
      });
    }
  });

  it("POSTs to the approvers four at a time, and fails the delivery once all are answered, with a retryable failure before a final one", async () => {
    // Prepare: six approvers; bo's POST is refused for good (400), cy's may be retried (503)
    const approvers = ["al", "bo", "cy", "di", "ed", "fu"];
    const posted: string[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const hook: typeof fetch = async (_url, init) => {
      const { approver } = JSON.parse(String(init?.body)) as { approver: string };
      posted.push(approver);
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      const status = approver === "bo" ? 400 : approver === "cy" ? 503 : 204;
      return new Response(null, { status });
    };
    const notify = notifierPlugin({
      name: "chat",
      url: "https://chat.example.com/hooks/baton",
      linkKey: LINK_KEY,
      publicUrl: () => "http://127.0.0.1:3000",
      fetch: hook,
    });
    // Act
    const failure = await notify(
      envelope("approval.requested", { approvalId: "01JINSTANCE.lead.1", approvers }),
    ).catch((error: unknown) => error);
    // Assess
    expect(posted.sort()).toEqual(approvers);
    expect(mostInFlight).toBe(4);
    expect(failure).not.toBeInstanceOf(DeliveryRefusedError);
    expect(String(failure)).toContain('the notifier of plugin "chat" answered 503');
  });

  it("prints the notice and link without a URL, and says a reminder is one", async () => {
    const printed: string[] = [];
    const notify = notifierPlugin({
      name: "chat",
      linkKey: LINK_KEY,
      publicUrl: () => "http://127.0.0.1:3000",
      print: (line) => printed.push(line),
    });
    await notify(
      envelope("approval.reminded", { approvalId: "01JINSTANCE.lead.1", approvers: ["al"] }),
    );
    await notify(envelope("flow.ended"));
    expect(printed).toEqual([
      expect.stringMatching(
        /^\[chat\] Reminder: your approval is awaited \(al\): expense v3, node lead, instance 01JINSTANCE\n {2}http:\/\/127\.0\.0\.1:3000\/a\/\S+$/,
      ),
    ]);
  });

  it("keeps the link out of the dead letter and the report when its channel is down", async () => {
    // Two approvers, two attempts: every POST of both attempts is refused.
    receiver.reset([500, 500, 500, 500]);
    const reports: string[] = [];
    const rules = pluginRules(
      [
        {
          name: "chat",
          kind: "notifier",
          url: receiver.url,
          subscriptions: [{ events: ["approval.requested"] }],
        },
      ],
      {
        env: {},
        linkKey: LINK_KEY,
        publicUrl: () => "http://127.0.0.1:3000",
      },
    );
    const bus = new LocalEventBus({
      rules,
      retry: { attempts: 2 },
      wait: async () => undefined,
      report: (line) => reports.push(line),
    });
    await bus.publish([requested.detail]);
    await bus.settled();
    const letters = (await bus.deadLetters.list()).items;
    expect(letters.map((letter) => letter.error)).toEqual([
      'the notifier of plugin "chat" answered 500',
    ]);
    const link = (JSON.parse(receiver.received[0]?.body ?? "{}") as { link: string }).link;
    const linkId = link.split("/a/")[1] as string;
    expect(linkId.length).toBeGreaterThan(20);
    for (const text of [...reports, JSON.stringify(letters)]) {
      expect(text).not.toContain(linkId);
      expect(text).not.toContain("T0KEN");
    }
  });
});

describe("the log plugin", () => {
  it("writes one JSON line per event: the plugin's name and the envelope", async () => {
    const lines: string[] = [];
    const log = logPlugin("audit-log", (line) => lines.push(line));
    const sent = envelope("node.completed", { outcome: "approved" });
    await log(sent);
    await log(envelope("flow.ended"));
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => !line.includes("\n"))).toBe(true);
    expect(JSON.parse(lines[0] ?? "")).toEqual({ plugin: "audit-log", ...sent });
  });
});
