import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cancelInstance } from "../../lambdas/core/operations/cancel-instance.ts";
import { endInstance } from "../../lambdas/core/operations/end-instance.ts";
import { listInbox } from "../../lambdas/core/operations/list-inbox.ts";
import { openApproval } from "../../lambdas/core/operations/open-approval.ts";
import { reconcileExecution } from "../../lambdas/core/operations/reconcile-execution.ts";
import { isUnsettled } from "../../lambdas/core/records/instance-record.ts";
import { injectFault, untilDone } from "../support/inject-fault.ts";
import type { RecordingBackend } from "../support/memory-backend.ts";
import { startedWithApproval } from "../support/started-instance.ts";
import { approval, flow } from "../support/template-builder.ts";

const TENANT = "default";
const template = flow(
  [approval("lead", ["al"]), approval("ops", ["bo"])],
  ["start>lead", "start>ops", "lead>end", "ops>end"],
  { id: "two-approvals", cc: { users: ["cy"] } },
);

/** An instance of the template with both approvals open. */
async function running() {
  const { backend, instanceId, instance } = await startedWithApproval(template);
  await openApproval(backend, { token: "t-ops", instance, node: "ops" });
  return { backend, instanceId };
}

/** What every closed instance must show, however its closing was interrupted. */
async function expectClosed(backend: RecordingBackend, instanceId: string, status: string) {
  const record = await backend.stores.instances.get(TENANT, instanceId);
  expect(record?.status).toBe(status);
  expect(record && isUnsettled(record)).toBe(false);
  const history = await backend.stores.history.list(TENANT, instanceId);
  expect(history.filter((entry) => entry.type === "flow.ended")).toHaveLength(1);
  const approvals = await backend.stores.approvals.listForInstance(TENANT, instanceId);
  expect(approvals.map((record) => record.status)).toEqual(["withdrawn", "withdrawn"]);
  for (const user of ["al", "bo"]) {
    expect((await listInbox(backend, TENANT, user, "todo")).items).toEqual([]);
  }
  expect(backend.events.filter((event) => event.type === "flow.ended").length).toBeGreaterThan(0);
  expect((await listInbox(backend, TENANT, "cy", "cc")).items).toHaveLength(1);
}

describe("an interrupted closing is finished, never doubled", () => {
  it("a cancellation whose stop, write, history append or event failed is finished by asking again: one flow.ended, approvals withdrawn, the execution stopped, the marker gone", async () => {
    const { backend: probe, instanceId: probeId } = await running();
    const count = injectFault(probe, 0);
    await cancelInstance(probe, TENANT, probeId, "sam");
    const callsInCancel = count();
    expect(callsInCancel).toBeGreaterThan(5);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: callsInCancel }), async (at) => {
        const { backend, instanceId } = await running();
        injectFault(backend, at);
        await untilDone(() => cancelInstance(backend, TENANT, instanceId, "sam"));
        await expectClosed(backend, instanceId, "cancelled");
        expect(backend.stopped).toContain(`execution:${instanceId}`);
      }),
      { numRuns: callsInCancel },
    );
  });

  it("an end reconciled from the execution whose closing broke off is finished by the sweep's call, or by the event delivered again", async () => {
    for (const finish of ["sweep", "event again"] as const) {
      for (let at = 1; at <= 12; at += 1) {
        const { backend, instanceId } = await running();
        injectFault(backend, at);
        const tries = await untilDone(async () => {
          const record = await backend.stores.instances.get(TENANT, instanceId);
          if (finish === "sweep" && record && record.status !== "running") {
            await endInstance(backend, TENANT, instanceId, record.status);
          } else {
            await reconcileExecution(backend, { tenant: TENANT, instanceId, status: "ABORTED" });
          }
        });
        expect(tries).toBeLessThanOrEqual(2);
        await expectClosed(backend, instanceId, "cancelled");
        expect(backend.stopped).toEqual([]);
      }
    }
  });

  it("finishing a closing that was complete changes nothing", async () => {
    const { backend, instanceId } = await running();
    await cancelInstance(backend, TENANT, instanceId, "sam");
    const before = await backend.stores.history.list(TENANT, instanceId);
    const events = backend.events.length;
    await endInstance(backend, TENANT, instanceId, "cancelled");
    expect(await backend.stores.history.list(TENANT, instanceId)).toEqual(before);
    expect(backend.events).toHaveLength(events);
    expect(backend.stopped).toEqual([`execution:${instanceId}`]);
  });
});
