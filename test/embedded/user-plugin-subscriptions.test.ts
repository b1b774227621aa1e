import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { EventEnvelope } from "../../lambdas/core/events/event-envelope.ts";
import type { BusEvent } from "../../lambdas/core/records/bus-event.ts";
import { createLocalBus } from "../../lambdas/embedded/create-local-bus.ts";
import { userPluginTargets } from "../../lambdas/embedded/event-plugins/user-plugin-target.ts";

const folder = await mkdtemp(join(tmpdir(), "baton-user-subscriptions-"));
afterAll(() => rm(folder, { recursive: true, force: true }));

/** A Node handler that keeps what it receives on globalThis, and throws for a failed flow. */
const HANDLER = `export const handler = async (event) => {
  (globalThis.receivedBySubscription ??= []).push(event);
  if (event.detail.detail.status === "failed") throw new TypeError("cannot file a failure");
  return { ignored: true };
};
`;

const seen = () =>
  (globalThis as { receivedBySubscription?: EventEnvelope[] }).receivedBySubscription ?? [];

function ended(status: string): BusEvent {
  return {
    type: "flow.ended",
    tenant: "default",
    templateId: "expense",
    templateVersion: 1,
    instanceId: `i-${status}`,
    at: "2026-12-02T10:00:00.000Z",
    detail: { status },
  };
}

describe("a user plugin's subscriptions", () => {
  it("invoke its handler with the envelope; an error it throws is retried, then dead-lettered", async () => {
    const handler = join(folder, "watcher.mjs");
    await writeFile(handler, HANDLER);
    const bus = createLocalBus(
      [
        {
          name: "watcher",
          kind: "node",
          handler,
          subscriptions: [{ events: ["flow.ended"] }],
        },
      ],
      { linkKey: "k", publicUrl: () => "http://127.0.0.1:3000" },
      {
        userTarget: userPluginTargets({ log: () => undefined }),
        retry: { attempts: 2 },
        wait: async () => undefined,
        report: () => undefined,
      },
    );
    await bus.publish([
      ended("completed"),
      ended("failed"),
      { ...ended("x"), type: "flow.started" },
    ]);
    await bus.settled();
    expect(seen().map((envelope) => [envelope["detail-type"], envelope.detail.instanceId])).toEqual(
      [
        ["flow.ended", "i-completed"],
        ["flow.ended", "i-failed"],
        ["flow.ended", "i-failed"],
      ],
    );
    const letters = (await bus.deadLetters.list()).items;
    expect(letters.map((letter) => [letter.plugin, letter.attempts, letter.error])).toEqual([
      ["watcher", 2, 'plugin "watcher" failed: TypeError: cannot file a failure'],
    ]);
  });
});
