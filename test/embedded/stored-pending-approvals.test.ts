import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { memoryFlowStores } from "../../lambdas/adapters/memory/memory-flow-stores.ts";
import { sqliteFlowStores } from "../../lambdas/adapters/sqlite/sqlite-flow-stores.ts";
import type { FlowStores } from "../../lambdas/core/ports/flow-stores.ts";
import { approvalId } from "../../lambdas/core/records/approval-record.ts";
import { storedPendingApprovals } from "../../lambdas/embedded/stored-pending-approvals.ts";
import { approvalRecord, instanceRecord, minutesLater } from "../support/flow-records.ts";

/** An instance id of 26 characters, `n` at its end. */
const idOf = (n: number) => `01JF3Q${String(n).padStart(20, "0")}`;

const ADAPTERS: [string, () => FlowStores][] = [
  ["memory", memoryFlowStores],
  ["SQLite", () => sqliteFlowStores(new DatabaseSync(":memory:"))],
];

describe("storedPendingApprovals", () => {
  it.each(ADAPTERS)(
    "reads the approvals pending in the %s stores: every page of unsettled instances, never a decided approval or a settled instance's",
    async (_name, makeStores) => {
      // Prepare: 130 running instances (more than a page), each with its approval `lead`
      // pending, the last updated after every other; instance 0's `lead` was decided and its
      // `check` is pending; an ended instance still closing keeps its approval pending; a
      // settled instance's approval was withdrawn
      const stores = makeStores();
      for (let n = 0; n < 130; n += 1) {
        await stores.instances.create(
          instanceRecord({ instanceId: idOf(n), updatedAt: minutesLater(n === 129 ? 10_000 : n) }),
        );
        await stores.approvals.put(approvalRecord({ instanceId: idOf(n) }));
      }
      const decided = await stores.approvals.get("acme", idOf(0), "lead", 1);
      if (!decided) throw new Error("approval lead of instance 0 not stored");
      await stores.approvals.put({ ...decided, status: "approved", version: 2 }, 1);
      await stores.approvals.put(approvalRecord({ instanceId: idOf(0), nodeId: "check" }));
      await stores.instances.create(
        instanceRecord({
          instanceId: idOf(200),
          templateId: "leave",
          status: "cancelled",
          closing: {},
        }),
      );
      await stores.approvals.put(approvalRecord({ instanceId: idOf(200), templateId: "leave" }));
      await stores.instances.create(instanceRecord({ instanceId: idOf(300), status: "completed" }));
      await stores.approvals.put(approvalRecord({ instanceId: idOf(300), status: "withdrawn" }));

      // Act
      const pending = await storedPendingApprovals(stores);

      // Assess
      const ids = pending.map((approval) => approvalId(approval)).sort();
      const expected = [
        `${idOf(0)}.check.1`,
        ...Array.from({ length: 129 }, (_, n) => `${idOf(n + 1)}.lead.1`),
        `${idOf(200)}.lead.1`,
      ].sort();
      expect(ids).toEqual(expected);
      expect(pending.every((approval) => approval.status === "pending")).toBe(true);
      expect(pending.filter((approval) => approval.templateId === "leave")).toHaveLength(1);
    },
  );
});
