import { describe, expect, it } from "vitest";
import { ReferenceEngine } from "../../lambdas/core/engine/reference-engine.ts";
import { simulateBoth } from "../support/simulate-both.ts";
import { approval, flow, gateway, task } from "../support/template-builder.ts";

/** Two approvals in parallel, converging on gateway `j` with the given join. */
function parallelPair(join: "all" | "any") {
  return flow(
    [approval("a", ["ann"]), approval("b", ["bob"]), gateway("j", join)],
    ["start>a", "start>b", "a>j", "b>j", "j>end"],
  );
}

describe("SEMANTICS §4: running an instance", () => {
  it("a race under join any completes with the first branch and cancels the loser", async () => {
    // Prepare
    const template = parallelPair("any");
    // Act
    const { report, state } = await simulateBoth(template, {}, [
      { node: "a", act: "approve", by: "ann" },
      { node: "b", act: "approve", by: "bob" },
    ]);
    // Assess
    expect(report).toEqual({
      status: "completed",
      nodes: { a: "approved", b: "cancelled" },
      ignored: [1],
    });
    expect(state.approvals.b?.open).toBe(false);
    expect(state.edges[3]).toEqual({ status: "dead" });
  });

  it("a rejection under join all poisons the join, ends rejected and cancels the sibling", async () => {
    const { report, state } = await simulateBoth(parallelPair("all"), {}, [
      { node: "a", act: "reject", by: "ann" },
    ]);
    expect(report).toEqual({
      status: "rejected",
      nodes: { a: "rejected", b: "cancelled" },
      ignored: [],
    });
    expect(state.nodes.j).toEqual({ status: "poisoned", activated: false, reason: "rejected" });
    expect(state.edges[2]).toEqual({ status: "poisoned", reason: "rejected" });
  });

  it("a join any survives one rejection when the other branch arrives", async () => {
    const { report } = await simulateBoth(parallelPair("any"), {}, [
      { node: "a", act: "reject", by: "ann" },
      { node: "b", act: "approve", by: "bob" },
    ]);
    expect(report).toEqual({
      status: "completed",
      nodes: { a: "rejected", b: "approved" },
      ignored: [],
    });
  });

  it("a join any is poisoned once every branch was poisoned", async () => {
    const { report } = await simulateBoth(parallelPair("any"), {}, [
      { node: "a", act: "reject", by: "ann" },
      { node: "b", act: "reject", by: "bob" },
    ]);
    expect(report.status).toBe("rejected");
  });

  it("dead-path elimination skips the untaken branch and lets a join all proceed", async () => {
    // Prepare: lead routes to x when n > 5, else (default) to y; both converge on j (all).
    const template = flow(
      [approval("lead", ["lee"]), task("x"), task("y"), gateway("j")],
      [
        "start>lead",
        { from: "lead", to: "x", when: { "input.n": { $gt: 5 } } },
        { from: "lead", to: "y", default: true },
        "x>j",
        "y>j",
        "j>end",
      ],
    );
    // Act
    const { report, state } = await simulateBoth(template, { n: 3 }, [
      { node: "lead", act: "approve", by: "lee" },
      { node: "x", act: "succeed" },
      { node: "y", act: "succeed" },
    ]);
    // Assess
    expect(report).toEqual({
      status: "completed",
      nodes: { lead: "approved", x: "idle", y: "succeeded" },
      ignored: [1],
    });
    expect(state.nodes.x?.status).toBe("skipped");
    expect(state.edges.map((edge) => edge.status)).toEqual([
      "fired",
      "dead",
      "fired",
      "dead",
      "fired",
      "fired",
    ]);
  });

  it("a default edge is dead when another edge of the same outcome fires", async () => {
    const template = flow(
      [approval("lead", ["lee"]), task("x"), task("y"), gateway("j", "any")],
      [
        "start>lead",
        { from: "lead", to: "x", when: { "input.n": { $gt: 5 } } },
        { from: "lead", to: "y", default: true },
        "x>j",
        "y>j",
        "j>end",
      ],
    );
    const { report } = await simulateBoth(template, { n: 9 }, [
      { node: "lead", act: "approve", by: "lee" },
      { node: "x", act: "succeed" },
    ]);
    expect(report).toEqual({
      status: "completed",
      nodes: { lead: "approved", x: "succeeded", y: "idle" },
      ignored: [],
    });
  });

  it("ends no-route when no condition leads on to the end", async () => {
    const template = flow(
      [gateway("g"), approval("a", ["ann"])],
      ["start>g", { from: "g", to: "a", when: { "input.n": { $gt: 5 } } }, "a>end"],
    );
    const { report, state } = await simulateBoth(template, { n: 1 }, []);
    expect(report).toEqual({ status: "no-route", nodes: { a: "idle" }, ignored: [] });
    expect(state.nodes.end?.status).toBe("skipped");
  });

  it("follows on: rejected, on: failed and on: timedOut edges instead of poisoning", async () => {
    // Prepare
    const template = flow(
      [
        approval("a", ["ann"]),
        task("fix"),
        task("deploy", { timeout: "PT1H" }),
        task("rollback"),
        approval("page", ["ops"], { timeout: "PT5M" }),
        gateway("done", "any"),
      ],
      [
        "start>a",
        "a>deploy",
        { from: "a", to: "fix", on: "rejected" },
        "fix>done",
        "deploy>done",
        { from: "deploy", to: "rollback", on: "failed" },
        { from: "deploy", to: "page", on: "timedOut" },
        "rollback>done",
        "page>done",
        { from: "page", to: "done", on: "timedOut" },
        "done>end",
      ],
    );
    // Act
    const rejected = await simulateBoth(template, {}, [
      { node: "a", act: "reject", by: "ann" },
      { node: "fix", act: "succeed" },
    ]);
    const failed = await simulateBoth(template, {}, [
      { node: "a", act: "approve", by: "ann" },
      { node: "deploy", act: "fail" },
      { node: "rollback", act: "succeed" },
    ]);
    const timedOut = await simulateBoth(template, {}, [
      { node: "a", act: "approve", by: "ann" },
      { node: "deploy", act: "timeout" },
      { node: "page", act: "timeout" },
    ]);
    // Assess
    expect(rejected.report.status).toBe("completed");
    expect(rejected.report.nodes).toMatchObject({
      a: "rejected",
      fix: "succeeded",
      deploy: "idle",
    });
    expect(failed.report.status).toBe("completed");
    expect(failed.report.nodes).toMatchObject({
      deploy: "failed",
      rollback: "succeeded",
      page: "idle",
    });
    expect(timedOut.report.status).toBe("completed");
    expect(timedOut.report.nodes).toMatchObject({ deploy: "timedOut", page: "timedOut" });
  });

  it("times out a callback task whose heartbeat lapses, though it has no timeout", async () => {
    // Prepare: SEMANTICS §6 gives tasks a `heartbeat`; §8's `timeout` step on a node with no
    // time limit changes nothing, and a heartbeat is a time limit: the step stands for it lapsing.
    const template = flow(
      [
        task("build", { mode: "callback", heartbeat: "PT5M" }),
        task("notify"),
        task("lint", { mode: "callback" }),
      ],
      [
        "start>build",
        { from: "build", to: "notify", on: "timedOut" },
        "build>lint",
        "notify>end",
        "lint>end",
      ],
    );
    // Act
    const lapsed = await simulateBoth(template, {}, [
      { node: "build", act: "timeout" },
      { node: "notify", act: "succeed" },
    ]);
    const noLimit = await simulateBoth(template, {}, [
      { node: "build", act: "succeed" },
      { node: "lint", act: "timeout" },
    ]);
    // Assess
    expect(lapsed.report).toEqual({
      status: "completed",
      nodes: { build: "timedOut", notify: "succeeded", lint: "idle" },
      ignored: [],
    });
    expect(noLimit.report).toEqual({
      status: "running",
      nodes: { build: "succeeded", notify: "idle", lint: "active" },
      ignored: [],
    });
  });

  it("poison propagates through a chain and ends the instance with its reason", async () => {
    const template = flow(
      [task("build"), approval("qa", ["quinn"])],
      ["start>build", "build>qa", "qa>end"],
    );
    const { report, state } = await simulateBoth(template, {}, [{ node: "build", act: "fail" }]);
    expect(report).toEqual({
      status: "failed",
      nodes: { build: "failed", qa: "idle" },
      ignored: [],
    });
    expect(state.nodes.qa).toMatchObject({ status: "poisoned", reason: "failed" });
    expect(state.nodes.end).toMatchObject({ status: "poisoned", reason: "failed" });
  });

  it("cancels a futile node in a graph that is not series-parallel", async () => {
    // Prepare: the bridge start→{a,b}, a→{x,y}, b→y (y joins any), x→end, y→end.
    const template = flow(
      [approval("a", ["ann"]), approval("b", ["bob"]), task("x"), { ...task("y"), join: "any" }],
      ["start>a", "start>b", "a>x", "a>y", "b>y", "x>end", "y>end"],
    );
    // Act
    const { report, state } = await simulateBoth(template, {}, [
      { node: "a", act: "approve", by: "ann" },
      { node: "b", act: "approve", by: "bob" },
      { node: "x", act: "succeed" },
      { node: "y", act: "succeed" },
    ]);
    // Assess: once y activated, every path from b to end passes through y.
    expect(report).toEqual({
      status: "completed",
      nodes: { a: "approved", b: "cancelled", x: "succeeded", y: "succeeded" },
      ignored: [1],
    });
    expect(state.events.some((e) => e.type === "node.cancelled" && e.nodeId === "b")).toBe(true);
  });

  it("never activates a futile node: when its turn comes it is cancelled instead", async () => {
    // Prepare: j (any) is reached from a or through x; p also leads to q, so p is not futile.
    const template = flow(
      [approval("a", ["ann"]), task("p"), task("x"), task("q"), gateway("j", "any")],
      ["start>a", "start>p", "a>j", "p>x", "x>j", "p>q", "j>end", "q>end"],
    );
    const engine = new ReferenceEngine(template);
    let state = engine.start({});
    ({ state } = engine.apply(state, { node: "a", act: "approve", by: "ann" }));
    // Act: p succeeds after j already activated, which fires p→x.
    ({ state } = engine.apply(state, { node: "p", act: "succeed" }));
    // Assess
    expect(state.edges[3]).toEqual({ status: "fired" });
    expect(state.nodes.x).toEqual({ status: "cancelled", activated: false });
    expect(state.nodes.q?.status).toBe("active");
    expect(engine.apply(state, { node: "x", act: "succeed" }).effect).toBe("not-pending");
  });

  it("never activates a node that is futile by the end of the instant its turn came in", async () => {
    // Prepare: end joins any and is reached straight from start, in the same instant as n1.
    const template = flow(
      [task("n1"), { id: "end", type: "end", join: "any" }],
      ["start>n1", "start>end", "n1>end"],
    );
    const reordered = { ...template, nodes: [...template.nodes].reverse() };
    // Act
    const runs = await Promise.all(
      [template, reordered].map(async (t) => (await simulateBoth(t, {}, [])).report),
    );
    // Assess: n1's turn came with end's, so it never ran, whatever the node order.
    for (const report of runs) {
      expect(report).toEqual({ status: "completed", nodes: { n1: "idle" }, ignored: [] });
    }
  });

  it("cancels every active node and withdraws approvals when the instance ends", async () => {
    // Prepare: end joins any, so the first branch ends the instance while b is still pending.
    const template = flow(
      [approval("a", ["ann"]), approval("b", ["bob"]), { id: "end", type: "end", join: "any" }],
      ["start>a", "start>b", "a>end", "b>end"],
    );
    const { report, state } = await simulateBoth(template, {}, [
      { node: "a", act: "approve", by: "ann" },
    ]);
    expect(report).toEqual({
      status: "completed",
      nodes: { a: "approved", b: "cancelled" },
      ignored: [],
    });
    expect(state.approvals.b?.open).toBe(false);
    expect(state.events.at(-1)).toMatchObject({
      type: "flow.ended",
      detail: { status: "completed" },
    });
  });

  it("an instance cancelled through the API ends cancelled with its pending work withdrawn", async () => {
    const engine = new ReferenceEngine(parallelPair("all"));
    const running = engine.start({});
    const cancelled = engine.cancel(running);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.nodes.a).toEqual({ status: "cancelled", activated: true });
    expect(running.status).toBe("running");
    expect(engine.cancel(cancelled)).toBe(cancelled);
  });

  it("writes a node's context entry before its edges resolve, so its own edges can read it", async () => {
    const template = flow(
      [
        approval("lead", ["lee"], { form: { type: "object" } }),
        task("big"),
        task("small"),
        gateway("j", "any"),
      ],
      [
        "start>lead",
        { from: "lead", to: "big", when: { "nodes.lead.output.size": { $gte: 100 } } },
        { from: "lead", to: "small", default: true },
        "big>j",
        "small>j",
        "j>end",
      ],
    );
    const { state } = await simulateBoth(template, {}, [
      { node: "lead", act: "approve", by: "lee", output: { size: 120 } },
    ]);
    expect(state.nodes.big?.status).toBe("active");
    expect(state.context.nodes.lead).toEqual({
      outcome: "approved",
      output: { decidedBy: ["lee"], size: 120 },
    });
  });

  it("runs fire tasks and gateways without waiting", async () => {
    const template = flow(
      [task("notify", { mode: "fire" }), gateway("g")],
      ["start>notify", "notify>g", "g>end"],
    );
    const { report, state } = await simulateBoth(template, {}, []);
    expect(report).toEqual({ status: "completed", nodes: { notify: "succeeded" }, ignored: [] });
    expect(state.events.filter((e) => e.type === "task.requested")).toHaveLength(1);
  });
});
