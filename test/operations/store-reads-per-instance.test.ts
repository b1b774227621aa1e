import { describe, expect, it } from "vitest";
import { memoryFlowStores } from "../../lambdas/adapters/memory/memory-flow-stores.ts";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import type { FlowStores } from "../../lambdas/core/ports/flow-stores.ts";
import type { HistoryEntry } from "../../lambdas/core/records/history-entry.ts";
import { signCallback } from "../../lambdas/core/security/callback-signature.ts";
import { createEmbeddedBackend } from "../../lambdas/embedded/create-embedded-backend.ts";
import { DirectoryTemplateCatalog } from "../../lambdas/embedded/directory-template-catalog.ts";
import { type Answer, call } from "../api/support/api-client.ts";
import { eventually } from "../support/eventually.ts";

const READS: ReadonlySet<string> = new Set(["get", "last", "list", "listForInstance"]);
/** The operations that only answer reads (the driver's polls), whose reads are not counted. */
const POLLS = /\/operations\/(read-instance|list-inbox)\.ts/;

/**
 * Memory stores that count the reads the operations make (the store call's caller is in
 * `lambdas/core/operations/`), by store and method; the driver's polls are left out.
 */
function countingStores(): { stores: FlowStores; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const inner = memoryFlowStores();
  const stores = Object.fromEntries(
    Object.entries(inner).map(([name, store]) => [
      name,
      new Proxy(store as object, {
        get(target, method, receiver) {
          const value = Reflect.get(target, method, receiver);
          if (typeof value !== "function" || !READS.has(String(method))) return value;
          return (...args: unknown[]) => {
            const caller = new Error().stack?.split("\n")[2] ?? "";
            if (caller.includes("/lambdas/core/operations/") && !POLLS.test(caller)) {
              const key = `${name}.${String(method)}`;
              reads.set(key, (reads.get(key) ?? 0) + 1);
            }
            return value.apply(target, args);
          };
        },
      }),
    ]),
  ) as unknown as FlowStores;
  return { stores, reads };
}

const input = {
  requester: "wu-lei",
  owner: "zhou-min",
  app: "live-danmaku",
  cluster: "live-core",
  memoryGb: 128,
};

const items = (answer: Answer) => (answer.json as { items: { approvalId: string }[] }).items;

describe("store reads of one cache-change instance (the load benchmark's flow)", () => {
  it("reads no record its operation already read or wrote: the budget per store method", async () => {
    const catalog = new DirectoryTemplateCatalog("definitions");
    await catalog.load();
    const { stores, reads } = countingStores();
    const backend = createEmbeddedBackend({ templates: catalog, stores });
    const app = createApiApp(backend, { identity: devIdentity() });
    const started = await call(app, "POST", "/v1/flows/cache-change/instances", {
      user: "alice",
      json: { input },
    });
    const { instanceId } = started.json as { instanceId: string };
    for (const user of ["zhou-min", "sre-sam"]) {
      const todo = await eventually(
        () => call(app, "GET", "/v1/approvals?status=pending", { user }),
        (answer) => items(answer).length > 0,
      );
      const approval = items(todo)[0]?.approvalId;
      await call(app, "POST", `/v1/approvals/${approval}/decision`, {
        user,
        json: { action: "approve" },
      });
    }
    const read = () => call(app, "GET", `/v1/instances/${instanceId}`, { user: "alice" });
    const requested = await eventually(read, (answer) =>
      (answer.json as { history: HistoryEntry[] }).history.some(
        (entry) => entry.type === "task.requested",
      ),
    );
    const callbackId = (requested.json as { history: HistoryEntry[] }).history.find(
      (entry) => entry.type === "task.requested",
    )?.detail.callbackId as string;
    const report = JSON.stringify({ status: "succeeded", output: {} });
    await call(app, "POST", `/v1/callbacks/${callbackId}`, {
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
      read,
      (answer) => (answer.json as { status: string }).status !== "running",
    );
    await backend.bus.settled();
    backend.executions.close();

    expect((ended.json as { status: string }).status).toBe("completed");
    // Lower is welcome (then lower the figures); higher means an operation reads again what it
    // already read or wrote. The instance record: each approval's opening twice (the second read
    // catches an end that raced the parking), each decision, the plugin call, the callback's
    // report and the reconcile once; the start and every recorded change not at all.
    expect(Object.fromEntries([...reads].sort())).toEqual({
      "approvals.get": 2,
      "approvals.listForInstance": 1,
      "callbacks.get": 1,
      "executionFacts.get": 3,
      "history.last": 6,
      "history.list": 5,
      "instances.get": 9,
    });
  });
});
