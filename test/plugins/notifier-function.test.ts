import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { build } from "esbuild";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HANDLER_ESBUILD_OPTIONS } from "../../cdk/handler-bundling.ts";
import { NOTIFIER_ENTRY } from "../../cdk/notifier-functions.ts";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import { subscriptionPattern } from "../../lambdas/core/events/subscription-pattern.ts";
import { LINK_LIFETIME_MS } from "../../lambdas/core/operations/list-inbox.ts";
import type { BusEvent } from "../../lambdas/core/records/bus-event.ts";
import { readLink } from "../../lambdas/core/security/approval-link.ts";
import { call } from "../api/support/api-client.ts";
import { type TestBackend, testBackend } from "../api/support/test-backend.ts";
import {
  fixturePlugins,
  flowEventsProbe,
  PROBE_LINK_KEY_ARN,
  PROBE_PUBLIC_URL,
} from "../cdk/flow-events-probe.ts";
import { BundledFunction, type InvocationOutcome } from "../support/aws/bundled-function.ts";
import { type EventBridgeEvent, EventBridgeService } from "../support/aws/eventbridge-service.ts";
import { SecretsManagerService } from "../support/aws/secrets-manager-service.ts";
import { approval, flow } from "../support/template-builder.ts";
import { WebhookReceiver } from "../support/webhook-receiver.ts";

// The notifier function's real bundle (lambdas/plugins/notifier-function.ts with the handlers'
// esbuild options, which `NotifierFunctions` hands its `NodejsFunction`) loaded by Node 22 in a
// worker, with the environment `NotifierFunctions` declares for the fixture's `chat` plugin
// (its url pointed at a loopback receiver whose path holds a token, as chat hooks' do). Around
// it, AWS on loopback over the real protocols: Secrets Manager holding the link key, and
// EventBridge routing what the engine puts (an entry as EventBridgeBus puts it) by the rule
// pattern the deployment gives the plugin's subscriptions, to the function.

/** The link key in the secret: the test backend's, so that its API opens the links. */
const LINK_KEY = "l".repeat(43);
const BUS = "baton-test";
const TEMPLATE = flow([approval("review", ["olga", "omar"])], ["start>review", "review>end"], {
  id: "pair-review",
});

const receiver = new WebhookReceiver({ path: "/hooks/T0KEN-in-path" });
let secrets: SecretsManagerService;
let events: EventBridgeService;
let notifier: BundledFunction;
let bundleRoot: string;
/** The outcomes of the function's invocations by EventBridge, in order. */
const invocations: Promise<InvocationOutcome>[] = [];

/** The environment `NotifierFunctions` gives the `chat` function in the CDK probe stack. */
function declaredEnvironment(): Record<string, string> {
  const { stack, events: deployed, template } = flowEventsProbe();
  const fn = deployed.notifierFunctions.get("chat");
  const resource = template.toJSON().Resources[
    stack.getLogicalId(fn?.node.defaultChild as CfnFunction)
  ] as { Properties: { Environment: { Variables: Record<string, string> } } };
  return resource.Properties.Environment.Variables;
}

/** Bundles the notifier's entry as a deployment does, into a folder under node_modules/.cache. */
async function bundleNotifier(): Promise<string> {
  const root = join("node_modules", ".cache", "baton-notifier-bundle", `${process.pid}`);
  await build({
    ...HANDLER_ESBUILD_OPTIONS,
    mainFields: [...HANDLER_ESBUILD_OPTIONS.mainFields],
    external: [...HANDLER_ESBUILD_OPTIONS.external],
    bundle: true,
    logLevel: "warning",
    entryPoints: { index: NOTIFIER_ENTRY },
    outdir: root,
    outExtension: { ".js": ".mjs" },
  });
  return root;
}

/** The runtime's variables on loopback: the SDK pointed at the emulator, no X-Ray daemon. */
function runtimeEnvironment(): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: "loopback",
    AWS_SECRET_ACCESS_KEY: "loopback",
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    POWERTOOLS_TRACE_ENABLED: "false",
  };
}

beforeAll(async () => {
  await receiver.start();
  secrets = await SecretsManagerService.start({ [PROBE_LINK_KEY_ARN]: LINK_KEY });
  const chat = fixturePlugins().find((plugin) => plugin.name === "chat");
  events = await EventBridgeService.start(
    [BUS],
    (chat?.subscriptions ?? []).map((subscription, index) => ({
      name: `chat#${index}`,
      bus: BUS,
      pattern: subscriptionPattern(subscription),
      target: (event: EventBridgeEvent) => invocations.push(notifier.invoke(event)),
    })),
  );
  bundleRoot = await bundleNotifier();
  notifier = new BundledFunction("baton-test-plugin-chat", join(process.cwd(), bundleRoot), {
    ...declaredEnvironment(),
    BATON_NOTIFIER_URL: receiver.url,
    ...runtimeEnvironment(),
  });
  await notifier.ready;
}, 60_000);

afterAll(async () => {
  await notifier?.stop();
  await Promise.all([receiver.stop(), secrets?.stop(), events?.stop()]);
  await rm(join("node_modules", ".cache", "baton-notifier-bundle", `${process.pid}`), {
    recursive: true,
    force: true,
  });
});

let test: TestBackend;

beforeEach(async () => {
  receiver.reset();
  invocations.length = 0;
  test = await testBackend([TEMPLATE]);
});

/** Starts pair-review as sam and parks it at review: the events the engine published. */
async function requestApproval(): Promise<{ instanceId: string; published: BusEvent[] }> {
  const app = createApiApp(test.backend, { identity: devIdentity(), log: () => undefined });
  const started = await call(app, "POST", "/v1/flows/pair-review/instances", {
    user: "sam",
    json: { input: {} },
  });
  const { instanceId } = started.json as { instanceId: string };
  await test.park(instanceId, "review");
  return { instanceId, published: test.events.filter((e) => e.instanceId === instanceId) };
}

/** Puts flow events on the bus as EventBridgeBus does, and waits for every delivery. */
async function publish(published: readonly BusEvent[]): Promise<InvocationOutcome[]> {
  const answer = events.put(
    published.map((event) => ({
      EventBusName: BUS,
      Source: "baton",
      DetailType: event.type,
      Detail: JSON.stringify(event),
    })),
  );
  expect(answer.FailedEntryCount).toBe(0);
  await events.settled();
  return Promise.all(invocations);
}

/** The notices the receiver got, as JSON. */
function notices(): { text: string; link: string; approver: string }[] {
  return receiver.received.map((request) => JSON.parse(request.body));
}

describe("the notifier function's bundle, invoked by EventBridge", () => {
  it("read its link key from Secrets Manager once, at init", () => {
    expect(secrets.reads).toBe(1);
  });

  it("posts each approver of approval.requested their own link, which opens the approval, and logs neither link nor url", async () => {
    const { instanceId, published } = await requestApproval();
    expect(published.map((event) => event.type)).toContain("approval.requested");
    const before = Date.now();

    const outcomes = await publish(published);

    // Only approval.requested matched the notifier's rule: one invocation, which succeeded.
    expect(outcomes).toEqual([{ result: null }]);
    const posted = notices();
    expect(posted.map((notice) => notice.approver)).toEqual(["olga", "omar"]);
    const app = createApiApp(test.backend, { identity: devIdentity(), log: () => undefined });
    const prefix = `${PROBE_PUBLIC_URL}/a/`;
    for (const notice of posted) {
      expect(notice.text).toBe(
        `Your approval is requested (${notice.approver}): pair-review v1, node review, instance ${instanceId}`,
      );
      expect(notice.link.startsWith(prefix)).toBe(true);
      const linkId = notice.link.slice(prefix.length);
      const claims = readLink(LINK_KEY, linkId);
      expect(claims).toMatchObject({
        tenant: "default",
        approvalId: `${instanceId}.review.1`,
        user: notice.approver,
      });
      const expires = Date.parse(claims?.expiresAt ?? "");
      expect(expires).toBeGreaterThanOrEqual(before + LINK_LIFETIME_MS);
      expect(expires).toBeLessThanOrEqual(Date.now() + LINK_LIFETIME_MS);
      const page = await call(app, "GET", `/a/${linkId}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain(instanceId);
    }
    const forged = await call(app, "GET", `/a/${forgedLinkId(posted[0]?.link ?? "")}`);
    expect(forged.status).not.toBe(200);

    // A notifier without a url logs the envelopes in its log group on AWS: they hold no link.
    const envelopes = JSON.stringify(events.received);
    for (const notice of posted) expect(envelopes).not.toContain(notice.link.slice(prefix.length));

    const log = notifier.output.join("\n");
    expect(log).toContain('"message":"event delivered"');
    for (const notice of posted) expect(log).not.toContain(notice.link.slice(prefix.length));
    expect(log).not.toContain("T0KEN");
    expect(log).not.toContain(LINK_KEY);
  });

  it("fails the invocation when the receiver answers 500, so Lambda retries it, naming the plugin and status only", async () => {
    const { published } = await requestApproval();
    receiver.reset([500]);

    const [outcome] = await publish(published);

    expect(outcome).toEqual({
      error: expect.objectContaining({
        errorType: "Error",
        errorMessage: 'the notifier of plugin "chat" answered 500',
      }),
    });
    // Both approvers were posted to at once; the one refused fails the invocation.
    expect(receiver.received).toHaveLength(2);
    const linkId = notices()[0]?.link.split("/a/")[1] ?? "";
    expect(linkId.length).toBeGreaterThan(20);
    const log = [...notifier.output, JSON.stringify(outcome)].join("\n");
    expect(log).toContain('"message":"event not delivered"');
    expect(log).not.toContain(linkId);
    expect(log).not.toContain("T0KEN");
  });

  it("posts nothing for a flow event that is not an approval's", async () => {
    const { published } = await requestApproval();
    const started = published.find((event) => event.type === "flow.started");
    await publish(started ? [started] : []);
    // The event as EventBridge made it for the bus: what a target of a matching rule would get.
    const envelope = events.received.at(-1)?.event;
    expect(envelope?.["detail-type"]).toBe("flow.started");

    expect(invocations).toEqual([]); // the rule does not match it
    expect(await notifier.invoke(envelope)).toEqual({ result: null }); // nor does the function act on it
    expect(receiver.received).toEqual([]);
  });

  it("refuses a value that is not a flow event's envelope, naming the field, and posts nothing", async () => {
    const { published } = await requestApproval();
    const requested = published.find((event) => event.type === "approval.requested");
    const envelope = {
      version: "0",
      id: crypto.randomUUID(),
      "detail-type": "approval.requested",
      source: "baton",
      account: "123456789012",
      time: "2026-12-02T10:00:00Z",
      region: "eu-west-1",
      resources: [],
      detail: { ...requested, instanceId: undefined },
    };

    const outcomes = [await notifier.invoke({}), await notifier.invoke(envelope)];

    expect(outcomes).toEqual([
      {
        error: expect.objectContaining({
          errorType: "Baton.EventEnvelopeRefused",
          errorMessage: 'not a Baton flow event: source is not "baton"',
        }),
      },
      {
        error: expect.objectContaining({
          errorType: "Baton.EventEnvelopeRefused",
          errorMessage: "not a Baton flow event: detail.instanceId is not a non-empty string",
        }),
      },
    ]);
    expect(receiver.received).toEqual([]);
  });
});

describe("a notifier function that cannot read its key", () => {
  it("fails its init naming the variable and the secret, never a value", async () => {
    const missing = PROBE_LINK_KEY_ARN.replace("link-key", "gone-key");
    const broken = new BundledFunction(
      "baton-test-plugin-broken",
      join(process.cwd(), bundleRoot),
      {
        ...declaredEnvironment(),
        BATON_LINK_KEY_SECRET_ARN: missing,
        ...runtimeEnvironment(),
      },
    );
    try {
      await expect(broken.ready).rejects.toThrow(
        `the notifier function cannot start: the secret ${missing} (BATON_LINK_KEY_SECRET_ARN) cannot be read (ResourceNotFoundException)`,
      );
    } finally {
      await broken.stop();
    }
  });
});

/** A link id with its signature's first character changed: a link nobody signed. */
function forgedLinkId(link: string): string {
  const id = link.split("/a/")[1] ?? "";
  const [body, signature = ""] = id.split(".");
  const first = signature.startsWith("A") ? "B" : "A";
  return `${body}.${first}${signature.slice(1)}`;
}
