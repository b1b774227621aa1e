import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { endInstance } from "../../lambdas/core/operations/end-instance.ts";
import { recordChange } from "../../lambdas/core/operations/record-change.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import { updateInstance } from "../../lambdas/core/operations/update-instance.ts";
import type { InstanceRecord } from "../../lambdas/core/records/instance-record.ts";
import { recordingBackend } from "../support/memory-backend.ts";
import { approval, flow } from "../support/template-builder.ts";

const TENANT = "default";
const template = flow([approval("lead", ["al"])], ["start>lead", "lead>end"], { id: "review" });

async function started() {
  const backend = await recordingBackend([template]);
  const { instanceId } = await startInstance(backend, {
    tenant: TENANT,
    templateId: "review",
    input: {},
    starter: "sam",
  });
  const record = (await backend.stores.instances.get(TENANT, instanceId)) as InstanceRecord;
  return { backend, instanceId, record };
}

describe("updateInstance from a record the caller holds (no read first)", () => {
  it("ends as the read-first update does, however many writes by another path made the held record stale", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 4 }),
        fc.constantFrom("running", "completed") as fc.Arbitrary<"running" | "completed">,
        async (otherWrites, status) => {
          const { backend, instanceId, record } = await started();
          for (let i = 0; i < otherWrites; i += 1) {
            await updateInstance(backend, TENANT, instanceId, () => ({ reason: `other ${i}` }));
          }
          if (status === "completed") {
            await updateInstance(backend, TENANT, instanceId, () => ({ status }));
          }
          const change = (current: InstanceRecord) =>
            current.status === "running" ? { reason: `${current.reason ?? ""}+mine` } : undefined;

          const answer = await updateInstance(backend, TENANT, instanceId, change, record);

          const stored = await backend.stores.instances.get(TENANT, instanceId);
          expect(answer).toEqual(stored);
          const others = otherWrites === 0 ? "" : `other ${otherWrites - 1}`;
          expect(stored?.reason).toBe(
            status === "running" ? `${others}+mine` : others || undefined,
          );
          const writes = otherWrites + (status === "completed" ? 1 : 0);
          expect(stored?.version).toBe(record.version + writes + (status === "running" ? 1 : 0));
        },
      ),
      { numRuns: 25 },
    );
  });

  it("asks a change that leaves the held record as it is again on the stored one", async () => {
    const { backend, instanceId, record } = await started();
    await updateInstance(backend, TENANT, instanceId, () => ({ closing: {} }));

    const answer = await updateInstance(
      backend,
      TENANT,
      instanceId,
      (current) => (current.closing ? { closing: undefined } : undefined),
      record,
    );

    expect(answer?.closing).toBeUndefined();
    expect(await backend.stores.instances.get(TENANT, instanceId)).toEqual(answer);
    expect(answer?.version).toBe(record.version + 2);
  });
});

describe("endInstance from a held record that is stale", () => {
  it("does not take the instance for ended here when another closing ended it first: flow.ended is recorded once", async () => {
    const { backend, instanceId, record } = await started();
    // Another closing ended it and recorded flow.ended; its closing marker is still set.
    const other = await updateInstance(backend, TENANT, instanceId, () => ({
      status: "cancelled",
      endedAt: "2026-12-02T09:00:01.000Z",
      closing: {},
    }));
    await recordChange(backend, other as InstanceRecord, [
      { type: "flow.ended", at: "2026-12-02T09:00:01.000Z", detail: { status: "cancelled" } },
    ]);

    const ended = await endInstance(backend, TENANT, instanceId, "failed", { from: record });

    expect(ended).toMatchObject({ status: "cancelled" });
    expect(ended?.closing).toBeUndefined();
    const history = await backend.stores.history.list(TENANT, instanceId);
    expect(history.filter((entry) => entry.type === "flow.ended")).toHaveLength(1);
  });
});
