import { describe, expect, it } from "vitest";
import { NoApproversError } from "../../lambdas/core/contract/no-approvers-error.ts";
import type { OperationRefusedError } from "../../lambdas/core/contract/operation-refused-error.ts";
import type { ApprovalNode } from "../../lambdas/core/model/template.ts";
import { actOnApproval } from "../../lambdas/core/operations/act-on-approval.ts";
import { closeTimedOutApproval } from "../../lambdas/core/operations/close-timed-out-approval.ts";
import { listInbox } from "../../lambdas/core/operations/list-inbox.ts";
import { openApproval } from "../../lambdas/core/operations/open-approval.ts";
import { FIRST_VISIT } from "../../lambdas/core/records/approval-record.ts";
import type { RecordingBackend } from "../support/memory-backend.ts";
import { refusalOf } from "../support/refusal-of.ts";
import { startedInstance, startedWithApproval } from "../support/started-instance.ts";
import { approval, flow } from "../support/template-builder.ts";

const TENANT = "default";

/** A backend with one instance of a one-approval template, its approval opened with token "t-1". */
const opened = (node: ApprovalNode) =>
  startedWithApproval(flow([node], ["start>lead", "lead>end"], { id: "one-approval" }), {
    token: "t-1",
  });

const todo = async (backend: RecordingBackend, user: string) =>
  (await listInbox(backend, TENANT, user, "todo")).items.map((row) => row.approvalId);

describe("approval operations", () => {
  it("opens an approval with a to-do row per approver and records it, without the token in any event", async () => {
    const { backend, approvalId } = await opened(approval("lead", ["al", "bo"]));
    expect(await todo(backend, "al")).toEqual([approvalId]);
    expect(await todo(backend, "bo")).toEqual([approvalId]);
    const requested = backend.events.find((event) => event.type === "approval.requested");
    expect(requested?.detail).toEqual({ approvalId, approvers: ["al", "bo"] });
    expect(JSON.stringify(backend.events)).not.toContain("t-1");
  });

  it("opens a dynamic linear flow's step (no template node) in the mode it gives, `any` when it gives none", async () => {
    // Prepare
    const { backend, instance } = await startedInstance(
      flow([approval("lead", ["al"])], ["start>lead", "lead>end"], { id: "linear-host" }),
    );
    // Act
    await openApproval(backend, {
      token: "t-1",
      instance,
      node: "step-1",
      step: { approvers: { users: ["al", "bo"] } },
    });
    await openApproval(backend, {
      token: "t-2",
      instance,
      node: "step-2",
      step: { approvers: { users: ["al", "bo"] }, mode: "all" },
    });
    // Assess
    const modes = await Promise.all(
      ["step-1", "step-2"].map(
        async (node) =>
          (await backend.stores.approvals.get(TENANT, instance.id, node, FIRST_VISIT))?.mode,
      ),
    );
    expect(modes).toEqual(["any", "all"]);
  });

  it("fails the node with the reason when the approvers resolve to nobody", async () => {
    const { backend, instance } = await startedInstance(
      flow([approval("lead", [], { approvers: { role: "dba" } })], ["start>lead", "lead>end"], {
        id: "nobody",
      }),
    );
    const error = await openApproval(backend, { token: "t", instance, node: "lead" }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(NoApproversError);
    const completed = backend.events.find((event) => event.type === "node.completed");
    expect(completed?.detail).toMatchObject({
      outcome: "failed",
      reason: expect.stringContaining("dba"),
    });
  });

  it("records exactly one decision for 50 concurrent approvals of one `any` seat; the rest get it back as a conflict", async () => {
    const { backend, approvalId } = await opened(approval("lead", ["al"]));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        actOnApproval(backend, TENANT, approvalId, "al", { action: "approve" }),
      ),
    );
    const applied = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const refused = outcomes.flatMap((outcome) =>
      outcome.status === "rejected" ? [outcome.reason as OperationRefusedError] : [],
    );
    expect(applied).toHaveLength(1);
    expect(refused).toHaveLength(49);
    expect(new Set(refused.map((error) => error.code))).toEqual(new Set(["conflict"]));
    expect(refused[0]?.details).toMatchObject({
      approvalId,
      status: "approved",
      actions: [{ by: "al", act: "approve" }],
    });
    expect(backend.sent).toEqual([
      {
        kind: "success",
        token: "t-1",
        output: { outcome: "approved", output: { decidedBy: ["al"] } },
      },
    ]);
  });

  it("counts every seat of a countersign decided at once, and resumes once", async () => {
    const users = Array.from({ length: 12 }, (_, index) => `u${index}`);
    const { backend, approvalId } = await opened(approval("lead", users, { mode: "all" }));
    await Promise.all(
      users.map((user) => actOnApproval(backend, TENANT, approvalId, user, { action: "approve" })),
    );
    expect(backend.sent).toHaveLength(1);
    const [sent] = backend.sent;
    const decidedBy =
      sent?.kind === "success" ? (sent.output.output as { decidedBy: string[] }).decidedBy : [];
    expect(decidedBy.toSorted()).toEqual(users.toSorted());
  });

  it("refuses someone who may not decide, and form values that break the node's form, changing nothing", async () => {
    const form = {
      type: "object",
      required: ["level"],
      properties: { level: { type: "integer" } },
      additionalProperties: false,
    };
    const { backend, approvalId } = await opened(approval("lead", ["al"], { form }));
    expect(
      (
        await refusalOf(
          actOnApproval(backend, TENANT, approvalId, "eve", {
            action: "approve",
            form: { level: 1 },
          }),
        )
      ).code,
    ).toBe("forbidden");
    const invalid = await refusalOf(
      actOnApproval(backend, TENANT, approvalId, "al", {
        action: "approve",
        form: { level: "high" },
      }),
    );
    expect(invalid.code).toBe("invalid");
    expect(invalid.details).toEqual(["form.level must be integer"]);
    expect(
      (
        await refusalOf(
          actOnApproval(backend, TENANT, approvalId, "al", {
            action: "reject",
            comment: "x".repeat(2001),
          }),
        )
      ).code,
    ).toBe("too-large");
    expect(backend.sent).toEqual([]);
    await actOnApproval(backend, TENANT, approvalId, "al", {
      action: "reject",
      form: { level: 2 },
      comment: "too risky",
    });
    expect(backend.sent).toEqual([
      {
        kind: "failure",
        token: "t-1",
        error: "Baton.Rejected",
        cause: JSON.stringify({ decidedBy: ["al"], level: 2, comment: "too risky" }),
      },
    ]);
  });

  it("refuses a decision whose form values, merged with the earlier ones, would not fit a rejection's cause", async () => {
    const { backend, approvalId } = await opened(
      approval("lead", ["al", "bo", "cy"], { mode: "all", form: { type: "object" } }),
    );
    const big = (key: string) => ({ [key]: "x".repeat(15_000) });
    await actOnApproval(backend, TENANT, approvalId, "al", { action: "approve", form: big("a") });
    await actOnApproval(backend, TENANT, approvalId, "bo", { action: "approve", form: big("b") });
    const refused = await refusalOf(
      actOnApproval(backend, TENANT, approvalId, "cy", { action: "reject", form: big("c") }),
    );
    expect(refused.code).toBe("too-large");
    await actOnApproval(backend, TENANT, approvalId, "cy", { action: "reject", form: big("a") });
    const [sent] = backend.sent;
    expect(sent?.kind === "failure" && sent.cause.length).toBeLessThanOrEqual(32_768);
    expect(sent?.kind === "failure" && JSON.parse(sent.cause)).toMatchObject({
      b: expect.any(String),
    });
  });

  it("moves the to-do row on a transfer and an add-sign, and lets only the starter remind", async () => {
    const { backend, approvalId } = await opened(approval("lead", ["al"]));
    await actOnApproval(backend, TENANT, approvalId, "al", {
      action: "transfer",
      to: "bo",
      comment: "bo owns this cluster",
    });
    expect(await todo(backend, "al")).toEqual([]);
    expect(await todo(backend, "bo")).toEqual([approvalId]);
    expect(
      (await refusalOf(actOnApproval(backend, TENANT, approvalId, "al", { action: "approve" })))
        .code,
    ).toBe("forbidden");
    await actOnApproval(backend, TENANT, approvalId, "bo", {
      action: "addSign",
      user: "cy",
      position: "before",
      comment: "cy checks the capacity first",
    });
    expect(await todo(backend, "cy")).toEqual([approvalId]);
    const [instanceId = ""] = approvalId.split(".");
    expect((await backend.stores.approvals.get(TENANT, instanceId, "lead", 1))?.log).toEqual([
      {
        seat: 0,
        by: "al",
        act: "transfer",
        user: "bo",
        output: { comment: "bo owns this cluster" },
      },
      {
        seat: 0,
        by: "bo",
        act: "addSign",
        user: "cy",
        position: "before",
        output: { comment: "cy checks the capacity first" },
      },
    ]);
    expect(
      (await refusalOf(actOnApproval(backend, TENANT, approvalId, "bo", { action: "remind" })))
        .code,
    ).toBe("forbidden");
    const reminded = await actOnApproval(backend, TENANT, approvalId, "sam", { action: "remind" });
    expect(reminded.status).toBe("pending");
    expect(
      backend.events.find((event) => event.type === "approval.reminded")?.detail,
    ).toMatchObject({ approvers: ["cy"] });
    await actOnApproval(backend, TENANT, approvalId, "cy", { action: "approve" });
    await actOnApproval(backend, TENANT, approvalId, "bo", { action: "approve" });
    expect(backend.sent.map((result) => result.kind)).toEqual(["success"]);
  });

  it("counts every one of concurrent reminders, and answers a reminder racing the deciding approval with the decision", async () => {
    const { backend, approvalId } = await opened(approval("lead", ["al", "bo"], { mode: "all" }));
    await Promise.all(
      Array.from({ length: 5 }, () =>
        actOnApproval(backend, TENANT, approvalId, "sam", { action: "remind" }),
      ),
    );
    const [instanceId = ""] = approvalId.split(".");
    expect((await backend.stores.approvals.get(TENANT, instanceId, "lead", 1))?.reminders).toBe(5);
    await actOnApproval(backend, TENANT, approvalId, "al", { action: "approve" });
    const [decided, reminded] = await Promise.allSettled([
      actOnApproval(backend, TENANT, approvalId, "bo", { action: "approve" }),
      actOnApproval(backend, TENANT, approvalId, "sam", { action: "remind" }),
    ]);
    expect(decided.status).toBe("fulfilled");
    const refusal = reminded.status === "rejected" ? reminded.reason : undefined;
    expect(refusal).toMatchObject({ code: "conflict", details: { status: "approved" } });
  });

  it("resumes a decision whose first request broke off after recording it, when it is asked again", async () => {
    const { backend, approvalId } = await opened(approval("lead", ["al"]));
    const succeed = backend.tasks.succeed;
    backend.tasks.succeed = async () => {
      throw new Error("ThrottlingException");
    };
    await expect(
      actOnApproval(backend, TENANT, approvalId, "al", { action: "approve" }),
    ).rejects.toThrow("Throttling");
    backend.tasks.succeed = succeed;
    expect(backend.sent).toEqual([]);
    expect(
      (await refusalOf(actOnApproval(backend, TENANT, approvalId, "al", { action: "approve" })))
        .code,
    ).toBe("conflict");
    expect(backend.sent).toEqual([]);
    backend.advance(31_000);

    const again = await refusalOf(
      actOnApproval(backend, TENANT, approvalId, "al", { action: "approve" }),
    );
    const once = await refusalOf(
      actOnApproval(backend, TENANT, approvalId, "al", { action: "approve" }),
    );

    expect(again.code).toBe("conflict");
    expect(once.code).toBe("conflict");
    expect(backend.sent).toEqual([
      {
        kind: "success",
        token: "t-1",
        output: { outcome: "approved", output: { decidedBy: ["al"] } },
      },
    ]);
    expect(backend.events.filter((event) => event.type === "node.completed")).toHaveLength(1);
  });

  it("reconciles a decision whose parked state timed out: the approval is timed out and the decider told so", async () => {
    const { backend, approvalId } = await opened(approval("lead", ["al"]));
    backend.goneTokens.set("t-1", "TaskTimedOut");
    const gone = await refusalOf(
      actOnApproval(backend, TENANT, approvalId, "al", { action: "approve" }),
    );
    expect(gone.code).toBe("gone");
    expect(gone.details).toMatchObject({ status: "timedOut" });
    expect(await todo(backend, "al")).toEqual([]);
    expect(
      (await refusalOf(actOnApproval(backend, TENANT, approvalId, "al", { action: "approve" })))
        .code,
    ).toBe("gone");
  });

  it("records the outcome onTimeout decides for a decision whose parked state timed out", async () => {
    const node = approval("lead", ["al"], { timeout: "PT1H", onTimeout: "approve" });
    const { backend, approvalId } = await opened(node);
    backend.goneTokens.set("t-1", "TaskTimedOut");
    expect(
      (await refusalOf(actOnApproval(backend, TENANT, approvalId, "al", { action: "reject" })))
        .code,
    ).toBe("gone");
    // The decision reached the record before the close, so the output holds it (semantics §5).
    const completed = backend.events.filter((event) => event.type === "node.completed");
    expect(completed.map((event) => event.detail)).toEqual([
      { outcome: "approved", output: { decidedBy: ["al"], timedOut: true } },
    ]);
  });

  it("closes an approval whose branch the machine stopped, before any decision counts", async () => {
    const { backend, instanceId, approvalId } = await opened(approval("lead", ["al"]));
    await backend.stores.executionFacts.addWithdrawn(TENANT, instanceId, ["lead"]);
    const gone = await refusalOf(
      actOnApproval(backend, TENANT, approvalId, "al", { action: "approve" }),
    );
    expect(gone.details).toMatchObject({ status: "withdrawn" });
    expect(backend.sent).toEqual([]);
  });

  it("closes a timed-out approval on the compiled machine's request, with the outcome onTimeout decides", async () => {
    const { backend, instanceId, approvalId } = await opened(
      approval("lead", ["al"], { timeout: "PT1H", onTimeout: "approve" }),
    );
    await closeTimedOutApproval(backend, {
      close: "timedOut",
      instance: { tenant: TENANT, id: instanceId },
      node: "lead",
    });
    expect(backend.events.at(-1)).toMatchObject({
      type: "node.completed",
      nodeId: "lead",
      detail: { outcome: "approved" },
    });
    expect(
      (await refusalOf(actOnApproval(backend, TENANT, approvalId, "al", { action: "approve" })))
        .details,
    ).toMatchObject({ status: "timedOut" });
  });

  it("answers and records a timed-out approval's output: the decisions taken before the close, with timedOut", async () => {
    // Prepare: one of two seats decides with form values before the timeout passes.
    const { backend, instance, approvalId } = await opened(
      approval("lead", ["al", "bo"], {
        mode: "all",
        timeout: "PT1H",
        form: { type: "object", properties: { risk: { type: "string" } } },
      }),
    );
    await actOnApproval(backend, TENANT, approvalId, "al", {
      action: "approve",
      form: { risk: "low" },
    });
    const expected = { decidedBy: ["al"], risk: "low", timedOut: true };

    // Act: the close, then a repeat of it (the Close state retries every error).
    const output = await closeTimedOutApproval(backend, {
      close: "timedOut",
      instance,
      node: "lead",
    });
    const repeated = await closeTimedOutApproval(backend, {
      close: "timedOut",
      instance,
      node: "lead",
    });

    // Assess: what the machine records in its context is what the history, and so every read
    // of the instance, holds.
    expect(output).toEqual(expected);
    expect(repeated).toEqual(expected);
    const completed = backend.events.filter((event) => event.type === "node.completed");
    expect(completed.map((event) => event.detail)).toEqual([
      { outcome: "timedOut", output: expected },
    ]);
  });

  it("keeps the seats and decisions of an approval parked again, and resumes the new token with an earlier verdict", async () => {
    const { backend, instanceId, approvalId } = await opened(
      approval("lead", ["al", "bo"], { mode: "all" }),
    );
    await actOnApproval(backend, TENANT, approvalId, "al", { action: "approve" });
    await openApproval(backend, {
      token: "t-2",
      instance: { tenant: TENANT, id: instanceId },
      node: "lead",
    });
    await actOnApproval(backend, TENANT, approvalId, "bo", { action: "approve" });
    expect(backend.sent).toMatchObject([{ kind: "success", token: "t-2" }]);
    await openApproval(backend, {
      token: "t-3",
      instance: { tenant: TENANT, id: instanceId },
      node: "lead",
    });
    expect(backend.sent).toMatchObject([{ token: "t-2" }, { kind: "success", token: "t-3" }]);
  });

  it("stores the new token on a decided approval parked again before resuming it, at the version read, the decision's time kept", async () => {
    // Prepare
    const { backend, instanceId, approvalId } = await opened(approval("lead", ["al"]));
    await actOnApproval(backend, TENANT, approvalId, "al", { action: "reject" });
    const read = () => backend.stores.approvals.get(TENANT, instanceId, "lead", 1);
    const decided = await read();
    const direct = backend.verdicts;
    const storedWhenDelivered: (string | undefined)[] = [];
    backend.verdicts = {
      deliver: async (record) => {
        storedWhenDelivered.push((await read())?.token);
        return direct.deliver(record);
      },
      deliverReport: (record) => direct.deliverReport(record),
    };
    // Act
    await openApproval(backend, {
      token: "t-2",
      instance: { tenant: TENANT, id: instanceId },
      node: "lead",
    });
    // Assess: a relayed delivery, which reads the record again, finds the new token
    expect(storedWhenDelivered).toEqual(["t-2"]);
    expect(await read()).toEqual({
      ...decided,
      token: "t-2",
      version: (decided?.version ?? 0) + 1,
    });
    expect(backend.sent.at(-1)).toMatchObject({
      kind: "failure",
      token: "t-2",
      error: "Baton.Rejected",
    });
  });

  it("sends nothing to an approval parked again after it timed out, and leaves its record", async () => {
    // Prepare
    const { backend, instanceId, instance } = await opened(
      approval("lead", ["al"], { timeout: "PT1H" }),
    );
    await closeTimedOutApproval(backend, { close: "timedOut", instance, node: "lead" });
    const closed = await backend.stores.approvals.get(TENANT, instanceId, "lead", 1);
    // Act
    await openApproval(backend, { token: "t-2", instance, node: "lead" });
    // Assess
    expect(backend.sent).toEqual([]);
    expect(await backend.stores.approvals.get(TENANT, instanceId, "lead", 1)).toEqual(closed);
  });
});
