import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { EventEnvelope } from "../../lambdas/core/events/event-envelope.ts";
import { approvalId, FIRST_VISIT } from "../../lambdas/core/records/approval-record.ts";
import type { FlowEventType } from "../../lambdas/core/records/bus-event.ts";
import type { HistoryEntry } from "../../lambdas/core/records/history-entry.ts";
import {
  EVENT_SIGNATURE_HEADER,
  verifyEvent,
} from "../../lambdas/core/security/event-signature.ts";
import { startBatonDev } from "../support/baton-dev-process.ts";
import { cacheChangeDefinitions } from "../support/cache-change-definitions.ts";
import { eventually } from "../support/eventually.ts";
import { postCallbackReport } from "../support/post-callback-report.ts";
import { WebhookReceiver } from "../support/webhook-receiver.ts";

const SECRET = "kill-nine-webhook-key-".padEnd(43, "k");
const WATCHED: FlowEventType[] = [
  "approval.requested",
  "approval.decided",
  "node.completed",
  "flow.ended",
];
const INPUT = { requester: "rita", owner: "olga", app: "feed", cluster: "general", memoryGb: 8 };
const as = (user: string) => ({ "content-type": "application/json", "x-baton-user": user });

/**
 * The counting webhook receiver: every POST is counted; the first attempt of each delivery id
 * is answered 503 (so deliveries wait for their retry when the engine is killed), later ones
 * 200; a bad signature 401. `taken` holds each delivery answered 200, repeats included.
 */
const posts: EventEnvelope[] = [];
const taken: EventEnvelope[] = [];
const receiver = new WebhookReceiver({
  answer: ({ headers, body }) => {
    const envelope = JSON.parse(body) as EventEnvelope;
    const seen = posts.some((post) => post.id === envelope.id);
    posts.push(envelope);
    const signature = String(headers[EVENT_SIGNATURE_HEADER]);
    if (!verifyEvent(SECRET, body, signature, Math.floor(Date.now() / 1000))) return 401;
    if (!seen) return 503;
    taken.push(envelope);
    return 200;
  },
});

const root = await mkdtemp(join(tmpdir(), "baton-kill-events-"));
const definitions = join(root, "definitions");
const data = join(root, "data");
await receiver.start();
await cacheChangeDefinitions(
  definitions,
  `plugins:
  - name: counted
    kind: webhook
    url: ${receiver.url}
    secret: env:KILL_NINE_WEBHOOK_SECRET
    subscriptions:
      - events: [${WATCHED.join(", ")}]
`,
);

/** `baton dev` on the test folders, resolved once it listens and has taken up the last run. */
const startDev = () =>
  startBatonDev({
    definitions,
    data,
    env: { KILL_NINE_WEBHOOK_SECRET: SECRET },
    ready: "Resumed ",
  });

/** Polls the HTTP API every 10 ms for up to 30 s: twenty instances run at once. */
const until = <T>(read: () => Promise<T>, check: (value: T) => boolean) =>
  eventually(read, check, 3000, 10);

interface InstanceBody {
  status: string;
  nodes: Record<string, { status: string }>;
  history: HistoryEntry[];
}

type Step = "approve" | "reject" | "provisioned";

/** One instance: its steps, and how many of them go before the kill. */
interface Plan {
  steps: Step[];
  before: number;
  instanceId?: string;
}

const PLANS: Plan[] = Array.from({ length: 20 }, (_, index) => {
  const steps: Step[] = index % 4 === 3 ? ["reject"] : ["approve", "provisioned"];
  return { steps, before: index % (steps.length + 1) };
});

const read = (url: string, instanceId: string) => async () =>
  (await (
    await fetch(`${url}/v1/instances/${instanceId}`, { headers: as("rita") })
  ).json()) as InstanceBody;

/** Takes a step through the API once its node waits for it. */
async function take(url: string, key: string, plan: Plan, step: Step): Promise<void> {
  const instanceId = plan.instanceId as string;
  const node = step === "provisioned" ? "provision" : "lead";
  // A callback task is active before its plugin is called: its report waits for the callback id.
  const view = await until(
    read(url, instanceId),
    (body) =>
      body.nodes[node]?.status === "active" &&
      (step !== "provisioned" ||
        body.history.some((entry) => entry.type === "task.requested" && entry.nodeId === node)),
  );
  if (step !== "provisioned") {
    const id = approvalId({ instanceId, nodeId: node, visit: FIRST_VISIT });
    const decided = await fetch(`${url}/v1/approvals/${id}/decision`, {
      method: "POST",
      headers: as("olga"),
      body: JSON.stringify({ action: step }),
    });
    expect(decided.status).toBe(200);
    return;
  }
  const reported = await postCallbackReport(url, key, view.history, "provision", {
    status: "succeeded",
    output: {},
  });
  expect(reported.status).toBe(200);
}

describe("baton dev killed with kill -9, with a webhook plugin", () => {
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await receiver.stop();
    await rm(root, { recursive: true, force: true });
  });

  it("delivers every event of twenty instances at least once, and exactly once by delivery id, across the kill", async () => {
    const first = await startDev();
    children.push(first.child);
    const callbackKey = await first.callbackKey();
    await Promise.all(
      PLANS.map(async (plan) => {
        const started = await fetch(`${first.url}/v1/flows/cache-change/instances`, {
          method: "POST",
          headers: as("rita"),
          body: JSON.stringify({ input: INPUT }),
        });
        expect(started.status).toBe(201);
        plan.instanceId = ((await started.json()) as { instanceId: string }).instanceId;
        for (const step of plan.steps.slice(0, plan.before)) {
          await take(first.url, callbackKey, plan, step);
        }
      }),
    );
    await first.kill();

    const second = await startDev();
    children.push(second.child);
    // The kill cut deliveries off: the first attempt of each was refused, its retry still due.
    const pending = Number(/; (\d+) pending deliveries/.exec(second.out())?.[1]);
    expect(pending).toBeGreaterThan(0);
    await Promise.all(
      PLANS.map(async (plan) => {
        for (const step of plan.steps.slice(plan.before)) {
          await take(second.url, callbackKey, plan, step);
        }
      }),
    );
    const histories = await Promise.all(
      PLANS.map(async (plan) => {
        const view = await until(
          read(second.url, plan.instanceId as string),
          // The status turns before `flow.ended` is appended (endInstance): wait for both.
          (body) =>
            body.status !== "running" && body.history.some((entry) => entry.type === "flow.ended"),
        );
        expect(view.status).toBe(plan.steps.includes("reject") ? "rejected" : "completed");
        return view.history;
      }),
    );
    const expected = histories
      .flat()
      .filter((entry) => WATCHED.includes(entry.type))
      .map((entry) => `${entry.instanceId}#${entry.seq} ${entry.type}`)
      .sort();
    expect(expected.length).toBeGreaterThanOrEqual(20 * 3);

    const byId = () =>
      new Map(
        taken.map((envelope) => [
          envelope.id,
          `${envelope.detail.instanceId}#${envelope.detail.seq} ${envelope["detail-type"]}`,
        ]),
      );
    // Waits up to 30 s for the retries to come in, then compares: a missing event shows in the diff.
    for (let attempt = 0; attempt < 3000 && byId().size < expected.length; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect([...byId().values()].sort()).toEqual(expected);
  }, 180_000);
});
