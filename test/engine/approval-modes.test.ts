import { describe, expect, it } from "vitest";
import { staticDirectory } from "../../lambdas/core/approval/directory.ts";
import type { FlowAction } from "../../lambdas/core/engine/flow-action.ts";
import { InputRefusedError } from "../../lambdas/core/engine/input-refused-error.ts";
import { ReferenceEngine } from "../../lambdas/core/engine/reference-engine.ts";
import type { FlowNodeDocument } from "../../lambdas/core/model/template.ts";
import { simulateBoth } from "../support/simulate-both.ts";
import { approval, flow } from "../support/template-builder.ts";

/** An approval node as a template file writes it. */
type ApprovalDocument = Extract<FlowNodeDocument, { type: "approval" }>;

/** A one-approval flow: start → review → end. */
function single(node: ApprovalDocument, input: unknown, script: FlowAction[]) {
  return simulateBoth(flow([node], ["start>review", "review>end"]), input, script, {
    directory: staticDirectory({ dba: ["dana", "dmitri"] }),
  });
}

const approve = (by: string): FlowAction => ({ node: "review", act: "approve", by });
const reject = (by: string): FlowAction => ({ node: "review", act: "reject", by });

describe("SEMANTICS §5: approval modes", () => {
  it("any: the first decision of any approver decides", async () => {
    const node = approval("review", ["ann", "bob"], { mode: "any" });
    expect((await single(node, {}, [approve("bob")])).report.status).toBe("completed");
    expect((await single(node, {}, [reject("ann"), approve("bob")])).report).toEqual({
      status: "rejected",
      nodes: { review: "rejected" },
      ignored: [1],
    });
  });

  it("all: every seat must approve, one rejection rejects", async () => {
    const node = approval("review", ["ann", "bob"], { mode: "all" });
    expect((await single(node, {}, [approve("ann")])).report.status).toBe("running");
    expect((await single(node, {}, [approve("ann"), approve("bob")])).report.status).toBe(
      "completed",
    );
    expect((await single(node, {}, [approve("ann"), reject("bob")])).report.status).toBe(
      "rejected",
    );
  });

  it("all with groups: each group is one seat any member may fill (countersign)", async () => {
    const node: ApprovalDocument = {
      id: "review",
      type: "approval",
      mode: "all",
      approvers: { groups: [["ann", "ali"], ["bob"]] },
    };
    const run = await single(node, {}, [approve("ali"), approve("ann"), approve("bob")]);
    expect(run.report).toEqual({ status: "completed", nodes: { review: "approved" }, ignored: [] });
    expect(run.steps.map((step) => step.effect)).toEqual(["applied", "not-permitted", "applied"]);
  });

  it("sequence: seats decide in order; a decision out of turn changes nothing", async () => {
    const node = approval("review", ["ann", "bob"], { mode: "sequence" });
    const outOfTurn = await single(node, {}, [approve("bob"), approve("ann")]);
    expect(outOfTurn.steps.map((step) => step.effect)).toEqual(["not-permitted", "applied"]);
    expect(outOfTurn.report.status).toBe("running");
    expect((await single(node, {}, [approve("ann"), approve("bob")])).report.status).toBe(
      "completed",
    );
    expect((await single(node, {}, [approve("ann"), reject("bob")])).report.status).toBe(
      "rejected",
    );
  });

  it("vote: approved once approvals/seats reaches the threshold, rejected once it cannot", async () => {
    const node = approval("review", ["a1", "a2", "a3", "a4"], { mode: "vote", threshold: 0.5 });
    expect((await single(node, {}, [approve("a1")])).report.status).toBe("running");
    expect(
      (await single(node, {}, [approve("a1"), reject("a2"), approve("a3")])).report.status,
    ).toBe("completed");
    expect((await single(node, {}, [reject("a1"), reject("a2")])).report.status).toBe("running");
    expect((await single(node, {}, [reject("a1"), reject("a2"), reject("a3")])).report.status).toBe(
      "rejected",
    );
  });

  it("one decision per seat: a second click changes nothing", async () => {
    const node = approval("review", ["ann", "bob"], { mode: "all" });
    const run = await single(node, {}, [approve("ann"), reject("ann")]);
    expect(run.steps.map((step) => step.effect)).toEqual(["applied", "not-permitted"]);
    expect(run.state.approvals.review?.seats[0]?.decision).toBe("approved");
  });

  it("someone who is not an approver may not decide", async () => {
    const run = await single(approval("review", ["ann"]), {}, [approve("mallory")]);
    expect(run.steps[0]?.effect).toBe("not-permitted");
    expect(run.report.status).toBe("running");
  });

  it("transfer (转签) moves the seat; the transferring approver can no longer decide", async () => {
    const node = approval("review", ["ann"]);
    const run = await single(node, {}, [
      { node: "review", act: "transfer", by: "ann", to: "tom" },
      approve("ann"),
      approve("tom"),
    ]);
    expect(run.steps.map((step) => step.effect)).toEqual(["applied", "not-permitted", "applied"]);
    expect(run.report.status).toBe("completed");
    expect(run.state.context.nodes.review?.output).toEqual({ decidedBy: ["tom"] });
  });

  it("addSign before (前加签): the added approver decides first, then the seat returns", async () => {
    const node = approval("review", ["ann"]);
    const added: FlowAction = {
      node: "review",
      act: "addSign",
      by: "ann",
      user: "sam",
      position: "before",
    };
    const run = await single(node, {}, [added, approve("ann"), approve("sam"), approve("ann")]);
    expect(run.steps.map((step) => step.effect)).toEqual([
      "applied",
      "not-permitted",
      "applied",
      "applied",
    ]);
    expect(run.report.status).toBe("completed");
    expect((await single(node, {}, [added, reject("sam")])).report.status).toBe("rejected");
  });

  it("addSign after (后加签): once the adder approves, the added approver must approve too", async () => {
    const node = approval("review", ["ann"]);
    const added: FlowAction = {
      node: "review",
      act: "addSign",
      by: "ann",
      user: "sam",
      position: "after",
    };
    expect((await single(node, {}, [added, approve("ann")])).report.status).toBe("running");
    expect((await single(node, {}, [added, approve("ann"), approve("sam")])).report.status).toBe(
      "completed",
    );
    expect((await single(node, {}, [added, approve("ann"), reject("sam")])).report.status).toBe(
      "rejected",
    );
    expect((await single(node, {}, [added, reject("ann")])).report.status).toBe("rejected");
  });

  it("timeout: timedOut, or what onTimeout decides; ignored where the node has no timeout", async () => {
    const timeout: FlowAction = { node: "review", act: "timeout" };
    const plain = approval("review", ["ann"], { timeout: "PT1H" });
    expect((await single(plain, {}, [timeout])).report).toEqual({
      status: "timedOut",
      nodes: { review: "timedOut" },
      ignored: [],
    });
    const autoApprove = approval("review", ["ann"], { timeout: "PT1H", onTimeout: "approve" });
    expect((await single(autoApprove, {}, [timeout])).report.status).toBe("completed");
    const autoReject = approval("review", ["ann"], { timeout: "PT1H", onTimeout: "reject" });
    expect((await single(autoReject, {}, [timeout])).report.status).toBe("rejected");
    const untimed = await single(approval("review", ["ann"]), {}, [timeout]);
    expect(untimed.steps[0]?.effect).toBe("not-permitted");
    expect(untimed.report).toEqual({ status: "running", nodes: { review: "active" }, ignored: [] });
  });

  it("resolves approvers from a context path and from a role", async () => {
    const byPath: ApprovalDocument = {
      id: "review",
      type: "approval",
      approvers: { path: "input.owner" },
    };
    expect(
      (await single(byPath, { owner: ["olga", "oleg"] }, [approve("oleg")])).report.status,
    ).toBe("completed");
    const byRole: ApprovalDocument = { id: "review", type: "approval", approvers: { role: "dba" } };
    expect((await single(byRole, {}, [approve("dmitri")])).report.status).toBe("completed");
  });

  it("an empty approver resolution fails the node with a clear reason", async () => {
    const byPath: ApprovalDocument = {
      id: "review",
      type: "approval",
      approvers: { path: "input.owner" },
    };
    const run = await single(byPath, {}, []);
    expect(run.report).toEqual({ status: "failed", nodes: { review: "failed" }, ignored: [] });
    expect(run.state.context.nodes.review?.output).toEqual({
      error: "approvers path input.owner holds no user id or list of user ids",
    });
    const byRole: ApprovalDocument = {
      id: "review",
      type: "approval",
      approvers: { role: "nobody" },
    };
    expect((await single(byRole, {}, [])).state.context.nodes.review?.output).toEqual({
      error: "approvers role nobody resolved to nobody",
    });
  });

  it("a step on a node that is not pending is ignored and reported", async () => {
    const run = await single(approval("review", ["ann"]), {}, [
      approve("ann"),
      approve("ann"),
      { node: "ghost", act: "approve", by: "ann" },
    ]);
    expect(run.report.ignored).toEqual([1, 2]);
  });

  it("refuses a start input that breaks the template's schema, creating nothing", async () => {
    const template = flow([approval("review", ["ann"])], ["start>review", "review>end"], {
      input: { type: "object", required: ["amount"], properties: { amount: { type: "number" } } },
    });
    const engine = new ReferenceEngine(template);
    expect(() => engine.start({ amount: "lots" })).toThrow(InputRefusedError);
    expect(() => engine.start({})).toThrow(/must have required property 'amount'/);
    expect(engine.start({ amount: 3 }).status).toBe("running");
  });
});
