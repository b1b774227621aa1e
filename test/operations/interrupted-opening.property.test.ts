import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listInbox } from "../../lambdas/core/operations/list-inbox.ts";
import { openApproval } from "../../lambdas/core/operations/open-approval.ts";
import { faultOutcome, injectFault } from "../support/inject-fault.ts";
import { startedInstance } from "../support/started-instance.ts";
import { approval, flow } from "../support/template-builder.ts";

const TENANT = "default";
const template = flow(
  [approval("lead", ["al", "bo"], { remind: { after: "PT1H" } })],
  ["start>lead", "lead>end"],
  { id: "one-approval" },
);

describe("an interrupted opening of an approval is finished when its node parks again", () => {
  it("whichever write fails, parking again (a retry, or the embedded engine replaying after a restart) leaves one record with the new token, both to-do rows, the reminder, and node.activated and approval.requested once", async () => {
    const probe = await startedInstance(template);
    const count = injectFault(probe.backend, 0);
    await openApproval(probe.backend, { token: "t-0", instance: probe.instance, node: "lead" });
    const calls = count();
    expect(calls).toBeGreaterThan(4);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: calls }), async (at) => {
        const { backend, instanceId, instance } = await startedInstance(template);
        injectFault(backend, at);
        expect(
          await faultOutcome(openApproval(backend, { token: "t-1", instance, node: "lead" })),
        ).toBe("broke off");
        await openApproval(backend, { token: "t-2", instance, node: "lead" });
        const record = await backend.stores.approvals.get(TENANT, instanceId, "lead", 1);
        expect(record?.token).toBe("t-2");
        for (const user of ["al", "bo"]) {
          const todo = await listInbox(backend, TENANT, user, "todo");
          expect(todo.items.map((row) => row.approvalId)).toEqual([`${instanceId}.lead.1`]);
        }
        expect([...backend.reminders.keys()]).toEqual([`${instanceId}.lead.1`]);
        const history = await backend.stores.history.list(TENANT, instanceId);
        const types = history.map((entry) => entry.type);
        expect(types.filter((type) => type === "node.activated")).toHaveLength(1);
        expect(types.filter((type) => type === "approval.requested")).toHaveLength(1);
      }),
      { numRuns: calls },
    );
  });
});
