import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { actOnApproval } from "../../lambdas/core/operations/act-on-approval.ts";
import { listInbox } from "../../lambdas/core/operations/list-inbox.ts";
import { RESUME_GRACE_MS } from "../../lambdas/core/operations/stale-since.ts";
import { faultOutcome, injectFault } from "../support/inject-fault.ts";
import { startedWithApproval } from "../support/started-instance.ts";
import { approval, flow } from "../support/template-builder.ts";

const TENANT = "default";
const template = flow([approval("lead", ["al", "bo"])], ["start>lead", "lead>end"], {
  id: "one-approval",
});

describe("a decision whose request broke off is finished by asking again after the grace period", () => {
  it("whichever port call fails, the repeated decision leaves the approval approved, both to-do rows moved to done, approval.decided and node.completed recorded once, and the verdict sent", async () => {
    const probe = await startedWithApproval(template);
    const count = injectFault(probe.backend, 0);
    await actOnApproval(probe.backend, TENANT, probe.approvalId, "al", { action: "approve" });
    const calls = count();
    expect(calls).toBeGreaterThan(5);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: calls }), async (at) => {
        const { backend, instanceId, approvalId } = await startedWithApproval(template);
        injectFault(backend, at);
        const approve = () =>
          actOnApproval(backend, TENANT, approvalId, "al", { action: "approve" });
        expect(await faultOutcome(approve())).toBe("broke off");
        backend.advance(RESUME_GRACE_MS + 1);
        const again = await approve().then(
          (decision) => decision.status,
          (error: { code?: string; details?: { status?: string } }) =>
            error.code === "conflict" ? error.details?.status : "unexpected",
        );
        expect(again).toBe("approved");
        for (const user of ["al", "bo"]) {
          expect((await listInbox(backend, TENANT, user, "todo")).items).toEqual([]);
          const done = await listInbox(backend, TENANT, user, "done");
          expect(done.items.map((row) => row.approvalId)).toEqual([approvalId]);
        }
        const history = await backend.stores.history.list(TENANT, instanceId);
        const deciding = history.filter(
          (entry) => entry.type === "approval.decided" && entry.detail.verdict === "approved",
        );
        expect(deciding).toHaveLength(1);
        const completed = history.filter((entry) => entry.type === "node.completed");
        expect(completed.map((entry) => entry.detail.outcome)).toEqual(["approved"]);
        expect(backend.sent.filter((sent) => sent.kind === "success").length).toBeGreaterThan(0);
      }),
      { numRuns: calls },
    );
  });
});
