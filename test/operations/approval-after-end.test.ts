import { describe, expect, it } from "vitest";
import { cancelInstance } from "../../lambdas/core/operations/cancel-instance.ts";
import { listInbox } from "../../lambdas/core/operations/list-inbox.ts";
import { openApproval } from "../../lambdas/core/operations/open-approval.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import { recordingBackend } from "../support/memory-backend.ts";
import { approval, flow } from "../support/template-builder.ts";

const TENANT = "default";
const template = flow(
  [approval("legal", ["lena", "leo"]), approval("youth", ["yan"])],
  ["start>legal", "start>youth", "legal>end", "youth>end"],
  { id: "reviews" },
);

describe("an approval whose node parks after its instance ended", () => {
  it("is withdrawn at once, leaving no to-do row, when the instance ended while it parked (after the cancel's closing listed the approvals)", async () => {
    const backend = await recordingBackend([template]);
    const { instanceId } = await startInstance(backend, {
      tenant: TENANT,
      templateId: "reviews",
      input: {},
      starter: "sam",
    });
    await openApproval(backend, {
      token: "t-youth",
      instance: { tenant: TENANT, id: instanceId },
      node: "youth",
    });
    // The cancel's closing runs while `legal` parks: after the node read the instance as
    // running, before it stored its record.
    const { approvals } = backend.stores;
    const put = approvals.put.bind(approvals);
    approvals.put = async (record, expected) => {
      if (record.nodeId === "legal" && record.version === 1) {
        await cancelInstance(backend, TENANT, instanceId, "sam");
      }
      return put(record, expected);
    };

    await openApproval(backend, {
      token: "t-legal",
      instance: { tenant: TENANT, id: instanceId },
      node: "legal",
    });

    const record = await backend.stores.approvals.get(TENANT, instanceId, "legal", 1);
    expect(record?.status).toBe("withdrawn");
    for (const user of ["lena", "leo"]) {
      expect((await listInbox(backend, TENANT, user, "todo")).items).toEqual([]);
    }
    const history = await backend.stores.history.list(TENANT, instanceId);
    expect(history.filter((entry) => entry.nodeId === "legal").map((entry) => entry.type)).toEqual([
      "node.cancelled",
    ]);
  });

  it("is not stored at all when the instance had ended before the node parked", async () => {
    const backend = await recordingBackend([template]);
    const { instanceId } = await startInstance(backend, {
      tenant: TENANT,
      templateId: "reviews",
      input: {},
      starter: "sam",
    });
    await cancelInstance(backend, TENANT, instanceId, "sam");

    await openApproval(backend, {
      token: "t-legal",
      instance: { tenant: TENANT, id: instanceId },
      node: "legal",
    });

    expect(await backend.stores.approvals.listForInstance(TENANT, instanceId)).toEqual([]);
    expect((await listInbox(backend, TENANT, "lena", "todo")).items).toEqual([]);
  });
});
