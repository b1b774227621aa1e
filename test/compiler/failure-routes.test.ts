import { describe, expect, it } from "vitest";
import type { StateMachine, TaskState } from "../../lambdas/core/compiler/asl.ts";
import { compileLoop } from "../../lambdas/core/compiler/compile-loop.ts";
import { compileTemplate } from "../../lambdas/core/compiler/compile-template.ts";
import type { FlowAction } from "../../lambdas/core/engine/flow-action.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { LocalFlowRuntime } from "../../lambdas/local/local-flow-runtime.ts";
import { localStateMachine } from "../../lambdas/local/local-state-machine.ts";
import { approval, flow, gateway, task } from "../support/template-builder.ts";

const INSTANCE = { tenant: "default", id: "i-1" };

/** The names of every state of a definition, inside Parallel branches and Map items too. */
function stateNames(machine: StateMachine): string[] {
  return Object.entries(machine.States).flatMap(([name, state]) => [
    name,
    ...(state.Type === "Parallel" ? state.Branches.flatMap(stateNames) : []),
    ...(state.Type === "Map" ? stateNames(state.ItemProcessor) : []),
  ]);
}

/** Runs a definition on the local runtime; returns it with the output of each state exited. */
async function run(template: Template, definition: StateMachine, script: FlowAction[]) {
  const runtime = new LocalFlowRuntime(template, localStateMachine(definition), INSTANCE);
  const exited = new Map<string, unknown>();
  runtime.onStateExited((state, output) => exited.set(state, output));
  await runtime.start({});
  for (const action of script) await runtime.act(action);
  return { runtime, exited };
}

/** `start → lead (times out after a day) → on timedOut: escalate → end`. */
const ESCALATION = flow(
  [approval("lead", ["lena"], { timeout: "P1D" }), approval("boss", ["bo"])],
  ["start>lead", "lead>end", { from: "lead", to: "boss", on: "timedOut" }, "boss>end"],
);

describe("a timed-out approval is closed by the compiled machine (TimeoutSeconds closes nothing)", () => {
  it.each([
    ["native states", compileTemplate(ESCALATION)],
    ["the scheduler loop", compileLoop(ESCALATION)],
  ])("closes the record in its Close state, with %s", async (_, definition) => {
    // Act
    const { runtime, exited } = await run(ESCALATION, definition, [
      { node: "lead", act: "timeout" },
    ]);

    // Assess
    expect([...exited.keys()]).toContain("Close lead");
    expect((await runtime.approval("lead"))?.status).toBe("timedOut");
    expect(runtime.ledger.nodes.lead?.status).toBe("timedOut");
    expect(runtime.ledger.isActive("boss")).toBe(true);
  });

  it("leaves the record open when the Close state is taken out: nothing else closes it", async () => {
    // Prepare: the Catch goes straight to what the Close state goes to.
    const definition = compileTemplate(ESCALATION);
    const close = definition.States["Close lead"] as TaskState;
    delete definition.States["Close lead"];
    const lead = definition.States["Approve lead"] as TaskState;
    for (const catcher of lead.Catch ?? []) {
      if (catcher.Next === "Close lead") catcher.Next = close.Next ?? "";
    }

    // Act
    const { runtime } = await run(ESCALATION, definition, [{ node: "lead", act: "timeout" }]);

    // Assess
    expect(runtime.ledger.nodes.lead?.status).toBe("timedOut");
    expect((await runtime.approval("lead"))?.open).toBe(true);
  });
});

describe("a timed-out approval that poisons", () => {
  it("is closed before the instance ends timedOut", async () => {
    // Prepare: no edge follows lead's timeout, so the instance ends timedOut.
    const template = flow(
      [approval("lead", ["lena"], { timeout: "P1D" })],
      ["start>lead", "lead>end"],
    );
    const definition = compileTemplate(template);

    // Act
    const { runtime, exited } = await run(template, definition, [{ node: "lead", act: "timeout" }]);

    // Assess
    expect([...exited.keys()]).toContain("Close lead");
    expect(runtime.status).toBe("timedOut");
    expect((await runtime.approval("lead"))?.status).toBe("timedOut");
  });

  it("in a join: all branch, is closed by a state that also writes the poisoning", async () => {
    // Prepare
    const template = flow(
      [approval("a", ["u1"], { timeout: "P1D" }), approval("b", ["u2"]), gateway("j")],
      ["start>a", "start>b", "a>j", "b>j", "j>end"],
    );
    const definition = compileTemplate(template);

    // Act
    const { runtime, exited } = await run(template, definition, [{ node: "a", act: "timeout" }]);

    // Assess
    expect(stateNames(definition)).not.toContain("Poisoned: a (timedOut)");
    expect(exited.get("Close a")).toMatchObject({ why: { Cause: "timedOut" } });
    expect(runtime.status).toBe("timedOut");
    expect((await runtime.approval("a"))?.status).toBe("timedOut");
  });

  it("is closed in a race branch, whose siblings go on", async () => {
    // Prepare
    const template = flow(
      [approval("a", ["u1"], { timeout: "P1D" }), approval("b", ["u2"]), gateway("j", "any")],
      ["start>a", "start>b", "a>j", "b>j", "j>end"],
    );
    const definition = compileTemplate(template);

    // Act
    const { runtime } = await run(template, definition, [{ node: "a", act: "timeout" }]);

    // Assess
    expect(stateNames(definition)).toContain("Close a");
    expect(runtime.ledger.isActive("b")).toBe(true);
    expect((await runtime.approval("a"))?.status).toBe("timedOut");
  });
});

describe("a failed plugin records the same output.error, sync or callback", () => {
  const failing = (mode: "sync" | "callback") =>
    flow(
      [task("grant", { mode })],
      ["start>grant", "grant>end", { from: "grant", to: "end", on: "failed" }],
    );
  const script: FlowAction[] = [{ node: "grant", act: "fail", output: { reason: "quota" } }];

  it("hands a sync task's error to the machine in Lambda's envelope, as AWS does", async () => {
    // Act
    const template = failing("sync");
    const { exited } = await run(template, compileTemplate(template), script);

    // Assess: the Parse state's output holds the envelope it parsed.
    const parsed = exited.get("Parse grant failure") as { nodes: { grant: { Cause: unknown } } };
    expect(parsed.nodes.grant.Cause).toEqual({
      errorType: "Baton.TaskFailed",
      errorMessage: JSON.stringify({ reason: "quota" }),
      trace: expect.any(Array),
    });
  });

  it.each(["sync", "callback"] as const)(
    "records the plugin's failure for a %s task",
    async (mode) => {
      // Act
      const template = failing(mode);
      const { runtime, exited } = await run(template, compileTemplate(template), script);

      // Assess
      const recorded = exited.get("Record grant failed") as { nodes: { grant: unknown } };
      expect(recorded.nodes.grant).toEqual({
        outcome: "failed",
        output: { error: JSON.stringify({ reason: "quota" }) },
      });
      expect(runtime.status).toBe("completed");
    },
  );
});

describe("a rejection that poisons a join: all", () => {
  it("leaves the error in place of the branch's state, which only stops its siblings", async () => {
    // Prepare
    const template = flow(
      [approval("a", ["u1"]), approval("b", ["u2"]), gateway("j")],
      ["start>a", "start>b", "a>j", "b>j", "j>end"],
    );
    const definition = compileTemplate(template);

    // Act
    const { runtime, exited } = await run(template, definition, [
      { node: "a", act: "reject", by: "u1" },
    ]);

    // Assess: nothing after the Catch read the state it dropped, and the join still poisons.
    expect(exited.get("Poisoned: a (rejected)")).toEqual({
      Error: "Baton.Rejected",
      Cause: expect.any(String),
      why: { Cause: "rejected" },
    });
    expect(runtime.status).toBe("rejected");
    expect((await runtime.approval("b"))?.status).toBe("withdrawn");
  });

  /**
   * `start → o → (a ‖ b) → inner → outer → end` beside `start → c → outer`: the join of a and b
   * nests in a branch of the outer join, `all` (the poisoning ends the instance) or `any` (the
   * race goes on with c).
   */
  const nested = (outer: "all" | "any") =>
    flow(
      [
        approval("o", ["u0"]),
        approval("a", ["u1"]),
        approval("b", ["u2"]),
        approval("c", ["u3"]),
        gateway("inner"),
        gateway("outer", outer),
      ],
      ["start>o", "start>c", "o>a", "o>b", "a>inner", "b>inner", "inner>outer"].concat([
        "c>outer",
        "outer>end",
      ]),
    );
  const script: FlowAction[] = [
    { node: "o", act: "approve", by: "u0" },
    { node: "a", act: "reject", by: "u1" },
  ];

  it("withdraws nothing on the way to the end: the end withdraws what is pending", async () => {
    // Prepare
    const template = nested("all");
    const definition = compileTemplate(template);

    // Act
    const { runtime } = await run(template, definition, script);

    // Assess
    expect(stateNames(definition).filter((name) => name.startsWith("Withdraw"))).toEqual([]);
    expect(runtime.status).toBe("rejected");
    expect((await runtime.approval("b"))?.status).toBe("withdrawn");
    expect((await runtime.approval("c"))?.status).toBe("withdrawn");
  });

  it("withdraws the nested join's nodes where a race goes on after it", async () => {
    // Prepare
    const template = nested("any");
    const definition = compileTemplate(template);

    // Act
    const { runtime } = await run(template, definition, script);

    // Assess
    expect(stateNames(definition)).toContain("Withdraw after o to inner");
    expect(runtime.status).toBe("running");
    expect((await runtime.approval("b"))?.status).toBe("withdrawn");
    expect(runtime.ledger.isActive("c")).toBe(true);
  });
});
