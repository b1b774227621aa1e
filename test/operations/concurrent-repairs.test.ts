import { describe, expect, it } from "vitest";
import { resumeDecidedApproval } from "../../lambdas/core/operations/resume-decided-approval.ts";
import { RESUME_GRACE_MS } from "../../lambdas/core/operations/stale-since.ts";
import { recordingBackend } from "../support/memory-backend.ts";
import { startWithApproval } from "../support/started-instance.ts";
import { approval, flow } from "../support/template-builder.ts";
import { recordUnresumedDecision } from "../support/unresumed-decision.ts";

const TENANT = "default";
const template = flow([approval("lead", ["al", "bo"])], ["start>lead", "lead>end"], {
  id: "review",
});

describe("repairs of one decision's resume asked for at once", () => {
  it("run once: one approval.decided, one verdict sent, one node.completed, whichever of them goes on", async () => {
    const backend = await recordingBackend([template]);
    const instanceId = await startWithApproval(backend, template);
    // The deciding request wrote the record and broke off before anything else.
    await recordUnresumedDecision(backend, instanceId);
    backend.advance(RESUME_GRACE_MS + 1_000);
    const record = await backend.stores.approvals.get(TENANT, instanceId, "lead", 1);
    const instance = await backend.stores.instances.get(TENANT, instanceId);
    if (!record || !instance) throw new Error("no records");

    const repaired = await Promise.all(
      Array.from({ length: 4 }, () => resumeDecidedApproval(backend, instance, record)),
    );

    expect(repaired.filter(Boolean)).toHaveLength(1);
    const history = await backend.stores.history.list(TENANT, instanceId);
    expect(history.filter((entry) => entry.type === "approval.decided")).toHaveLength(1);
    expect(history.filter((entry) => entry.type === "node.completed")).toHaveLength(1);
    expect(backend.sent.filter((sent) => sent.kind === "success")).toHaveLength(1);
  });
});
