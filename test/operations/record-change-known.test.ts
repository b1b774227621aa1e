import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifyChain } from "../../lambdas/core/audit/hash-chain.ts";
import { recordChange } from "../../lambdas/core/operations/record-change.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import type { HistoryStore } from "../../lambdas/core/ports/history-store.ts";
import type { InstanceRecordStore } from "../../lambdas/core/ports/instance-record-store.ts";
import type { InstanceRecord } from "../../lambdas/core/records/instance-record.ts";
import { type RecordingBackend, recordingBackend } from "../support/memory-backend.ts";
import { approval, flow } from "../support/template-builder.ts";

const TENANT = "default";
const template = flow(
  [approval("lead", ["al"]), approval("cfo", ["cy"])],
  [
    "start>lead",
    { from: "lead", to: "cfo", when: { "input.amount": { $gt: 10 } } },
    { from: "lead", to: "end", default: true },
    "cfo>end",
  ],
  { id: "claim", input: { type: "object", properties: { amount: { type: "number" } } } },
);

async function started(amount: number) {
  const backend = await recordingBackend([template]);
  const { instanceId } = await startInstance(backend, {
    tenant: TENANT,
    templateId: "claim",
    input: { amount },
    starter: "sam",
  });
  const record = (await backend.stores.instances.get(TENANT, instanceId)) as InstanceRecord;
  return { backend, instanceId, record };
}

/** Counts the reads of the instance records and of the history from here on. */
function countReads(backend: RecordingBackend): Record<string, number> {
  const reads: Record<string, number> = {
    "instances.get": 0,
    "history.last": 0,
    "history.list": 0,
  };
  const { instances, history } = backend.stores;
  const counted = <T extends object>(name: string, store: T, methods: readonly (keyof T)[]) => {
    for (const method of methods) {
      const call = (store[method] as (...args: unknown[]) => unknown).bind(store);
      (store as Record<keyof T, unknown>)[method] = (...args: unknown[]) => {
        reads[`${name}.${String(method)}`] = (reads[`${name}.${String(method)}`] ?? 0) + 1;
        return call(...args);
      };
    }
  };
  counted<InstanceRecordStore>("instances", instances, ["get"]);
  counted<HistoryStore>("history", history, ["last", "list"]);
  return reads;
}

const decided = (at: string) => ({
  type: "node.completed" as const,
  at,
  nodeId: "lead",
  detail: { outcome: "approved", output: {} },
});

describe("recordChange with what the caller holds", () => {
  it("chains after the real last entry however many entries others appended after the head it was given", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 4 }), fc.boolean(), async (others, empty) => {
        const { backend, instanceId, record } = await started(5);
        const head = empty
          ? null
          : ((await backend.stores.history.last(TENANT, instanceId)) ?? null);
        for (let i = 0; i < others; i += 1) {
          await recordChange(backend, record, [
            { type: "approval.reminded", at: `2026-12-02T09:00:0${i}.000Z`, detail: {} },
          ]);
        }

        const [written] = await recordChange(
          backend,
          record,
          [{ type: "task.reminded", at: "2026-12-02T09:01:00.000Z", detail: {} }],
          { head },
        );

        const history = await backend.stores.history.list(TENANT, instanceId);
        expect(verifyChain(history)).toEqual({ ok: true, entries: history.length });
        expect(history.at(-1)).toEqual(written);
        expect(history.filter((entry) => entry.type === "approval.reminded")).toHaveLength(others);
      }),
      { numRuns: 30 },
    );
  });

  it("reads neither the instance nor the last entry for a change that may skip nodes: the whole history, once, chains it and its skips", async () => {
    const { backend, instanceId, record } = await started(5);
    const reads = countReads(backend);

    const written = await recordChange(backend, record, [decided("2026-12-02T09:01:00.000Z")]);

    expect(reads).toEqual({ "instances.get": 0, "history.last": 0, "history.list": 1 });
    expect(written.map((entry) => [entry.type, entry.nodeId])).toEqual([
      ["node.completed", "lead"],
      ["node.skipped", "cfo"],
    ]);
    const history = await backend.stores.history.list(TENANT, instanceId);
    expect(verifyChain(history)).toEqual({ ok: true, entries: history.length });
    expect(history.slice(-2)).toEqual(written);
  });

  it("finds the skips with an entry another path appended while it chained: the replay reads the history again", async () => {
    const { backend, instanceId, record } = await started(5);
    const { history } = backend.stores;
    const append = history.append.bind(history);
    let raced = false;
    history.append = async (entry) => {
      if (!raced && entry.type === "node.completed") {
        raced = true;
        await recordChange(backend, record, [
          { type: "approval.reminded", at: "2026-12-02T09:00:30.000Z", detail: {} },
        ]);
      }
      return append(entry);
    };

    const written = await recordChange(backend, record, [decided("2026-12-02T09:01:00.000Z")]);

    expect(raced).toBe(true);
    const entries = await backend.stores.history.list(TENANT, instanceId);
    expect(verifyChain(entries)).toEqual({ ok: true, entries: entries.length });
    expect(entries.slice(-3).map((entry) => entry.type)).toEqual([
      "approval.reminded",
      "node.completed",
      "node.skipped",
    ]);
    expect(entries.slice(-2)).toEqual(written);
    expect(entries.filter((entry) => entry.type === "node.skipped")).toHaveLength(1);
  });
});
