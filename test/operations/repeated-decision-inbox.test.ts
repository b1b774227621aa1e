import { describe, expect, it } from "vitest";
import { OperationRefusedError } from "../../lambdas/core/contract/operation-refused-error.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { actOnApproval } from "../../lambdas/core/operations/act-on-approval.ts";
import { cancelInstance } from "../../lambdas/core/operations/cancel-instance.ts";
import { listInbox } from "../../lambdas/core/operations/list-inbox.ts";
import { type RecordingBackend, recordingBackend } from "../support/memory-backend.ts";
import { startWithApproval } from "../support/started-instance.ts";
import { approval, flow } from "../support/template-builder.ts";

const TENANT = "default";
const template = flow(
  [{ id: "board", type: "approval", approvers: { groups: [["al", "ann"], ["bo"]] }, mode: "all" }],
  ["start>board", "board>end"],
  { id: "board" },
);

/**
 * An instance (by default of `template`, whose `all` approval has two seats, al or ann for the
 * first, bo for the second) whose approval's first seat al decided by a request that broke off
 * right after the write: every to-do row is still there.
 */
async function brokenOff(
  backend: RecordingBackend,
  of: Template = template,
  node = "board",
): Promise<string> {
  const instanceId = await startWithApproval(backend, of, { node, token: `t-${node}` });
  const stored = await backend.stores.approvals.get(TENANT, instanceId, node, 1);
  if (!stored) throw new Error("no approval");
  await backend.stores.approvals.put(
    {
      ...stored,
      log: [{ seat: 0, by: "al", act: "approve", output: {} }],
      seats: stored.seats.map((seat, index) =>
        index === 0 ? { ...seat, decision: "approved" as const } : seat,
      ),
      version: stored.version + 1,
    },
    stored.version,
  );
  return instanceId;
}

const views = async (backend: RecordingBackend, user: string) => ({
  todo: (await listInbox(backend, TENANT, user, "todo")).items.length,
  done: (await listInbox(backend, TENANT, user, "done")).items.length,
});

const refusal = (error: unknown) => (error instanceof OperationRefusedError ? error.code : error);

describe("a holder of a seat decided by a request that broke off before its inbox move, asking", () => {
  it("is refused as before, and has the asker's to-do row moved to done: the decider's own, then a group partner's, never a row of an open seat", async () => {
    const backend = await recordingBackend([template]);
    const instanceId = await brokenOff(backend);
    expect(await views(backend, "al")).toEqual({ todo: 1, done: 0 });
    const ask = (user: string) =>
      actOnApproval(backend, TENANT, `${instanceId}.board.1`, user, { action: "approve" }).catch(
        refusal,
      );

    expect(await ask("al")).toBe("forbidden");
    expect(await views(backend, "al")).toEqual({ todo: 0, done: 1 });
    expect(await views(backend, "ann")).toEqual({ todo: 1, done: 0 });
    expect(await ask("ann")).toBe("forbidden");
    expect(await views(backend, "ann")).toEqual({ todo: 0, done: 1 });
    expect(await views(backend, "bo")).toEqual({ todo: 1, done: 0 });
  });

  it("moves it too once the approval was withdrawn meanwhile (the withdrawal moves only the rows of those who could still act)", async () => {
    const backend = await recordingBackend([template]);
    const instanceId = await brokenOff(backend);
    await cancelInstance(backend, TENANT, instanceId, "sam");
    expect(await views(backend, "al")).toEqual({ todo: 1, done: 0 });

    const again = await actOnApproval(backend, TENANT, `${instanceId}.board.1`, "al", {
      action: "approve",
    }).catch(refusal);

    expect(again).toBe("gone");
    expect(await views(backend, "al")).toEqual({ todo: 0, done: 1 });
  });

  it("moves the row of any holder who asks once the approval was closed by a request that broke off before its row moves", async () => {
    const backend = await recordingBackend([template]);
    const instanceId = await startWithApproval(backend, template, {
      node: "board",
      token: "t-board",
    });
    const stored = await backend.stores.approvals.get(TENANT, instanceId, "board", 1);
    if (!stored) throw new Error("no approval");
    await backend.stores.approvals.put(
      { ...stored, status: "withdrawn", open: false, version: stored.version + 1 },
      stored.version,
    );

    const asked = await actOnApproval(backend, TENANT, `${instanceId}.board.1`, "bo", {
      action: "approve",
    }).catch(refusal);

    expect(asked).toBe("gone");
    expect(await views(backend, "bo")).toEqual({ todo: 0, done: 1 });
    expect(await views(backend, "al")).toEqual({ todo: 1, done: 0 });
  });

  it("writes nothing for someone who has not decided", async () => {
    const backend = await recordingBackend([template]);
    const instanceId = await brokenOff(backend);

    const stranger = await actOnApproval(backend, TENANT, `${instanceId}.board.1`, "cy", {
      action: "approve",
    }).catch(refusal);

    expect(stranger).toBe("forbidden");
    expect(await views(backend, "cy")).toEqual({ todo: 0, done: 0 });
  });

  it("gives the next approver of a sequence the to-do row the broken-off decision never wrote", async () => {
    const chain = flow(
      [approval("chain", ["al", "bo"], { mode: "sequence" })],
      ["start>chain", "chain>end"],
      { id: "chain" },
    );
    const backend = await recordingBackend([chain]);
    const instanceId = await brokenOff(backend, chain, "chain");
    expect(await views(backend, "bo")).toEqual({ todo: 0, done: 0 });

    const again = await actOnApproval(backend, TENANT, `${instanceId}.chain.1`, "al", {
      action: "approve",
    }).catch(refusal);

    expect(again).toBe("forbidden");
    expect(await views(backend, "al")).toEqual({ todo: 0, done: 1 });
    expect(await views(backend, "bo")).toEqual({ todo: 1, done: 0 });
  });
});
