import { describe, expect, it } from "vitest";
import { openApproval } from "../../lambdas/core/operations/open-approval.ts";
import { resumeDecidedApproval } from "../../lambdas/core/operations/resume-decided-approval.ts";
import { RESUME_GRACE_MS } from "../../lambdas/core/operations/stale-since.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import { recordingBackend } from "../support/memory-backend.ts";
import { approval, flow } from "../support/template-builder.ts";

const TENANT = "default";
const template = flow([approval("lead", ["al", "bo"])], ["start>lead", "lead>end"], {
  id: "review",
});

describe("repairs of one decision's resume asked for at once", () => {
  it("run once: one approval.decided, one verdict sent, one node.completed, whichever of them goes on", async () => {
    const backend = await recordingBackend([template]);
    const { instanceId } = await startInstance(backend, {
      tenant: TENANT,
      templateId: "review",
      input: {},
      starter: "sam",
    });
    await openApproval(backend, {
      token: "t-lead",
      instance: { tenant: TENANT, id: instanceId },
      node: "lead",
    });
    const stored = await backend.stores.approvals.get(TENANT, instanceId, "lead", 1);
    if (!stored) throw new Error("no approval");
    // The deciding request wrote the record and broke off before anything else.
    await backend.stores.approvals.put(
      {
        ...stored,
        status: "approved",
        open: false,
        log: [{ seat: 0, by: "al", act: "approve", output: {} }],
        seats: stored.seats.map((seat, index) =>
          index === 0 ? { ...seat, decision: "approved" as const } : seat,
        ),
        version: stored.version + 1,
      },
      stored.version,
    );
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
