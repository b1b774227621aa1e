import { describe, expect, it } from "vitest";
import { approvalOutput } from "../../lambdas/core/approval/approval-output.ts";
import type { ApprovalLogEntry } from "../../lambdas/core/engine/instance-state.ts";
import { simulateBoth } from "../support/simulate-both.ts";
import { approval, flow } from "../support/template-builder.ts";

describe("an approval's output (docs/semantics.md §5)", () => {
  it("lets decidedBy and timedOut win over decision values, and drops keys that reach a prototype", () => {
    // Prepare: JSON.parse makes `__proto__` an own key, as a request body does.
    const values = JSON.parse(
      '{"decidedBy":["ceo"],"timedOut":false,"__proto__":{"memoryGb":1},"constructor":1,"prototype":2,"level":2}',
    ) as Record<string, unknown>;
    const log: ApprovalLogEntry[] = [
      { seat: 0, by: "al", act: "approve", output: { level: 1, note: "first" } },
      { seat: 1, by: "bo", act: "approve", output: values },
    ];

    // Act
    const decided = approvalOutput(log);
    const timedOut = approvalOutput(log, true);

    // Assess
    expect(decided).toEqual({ decidedBy: ["al", "bo"], timedOut: false, level: 2, note: "first" });
    expect(Object.getPrototypeOf(decided)).toBe(Object.prototype);
    expect(Object.keys(decided)).toEqual(["decidedBy", "level", "note", "timedOut"]);
    expect((decided as { memoryGb?: number }).memoryGb).toBeUndefined();
    expect(timedOut).toEqual({ decidedBy: ["al", "bo"], level: 2, note: "first", timedOut: true });
  });

  it("is the same on every engine: the real decidedBy routes, values on a node without a form change nothing", async () => {
    // Prepare
    const template = flow(
      [approval("lead", ["lee"], { form: { type: "object" } }), approval("check", ["qa"])],
      [
        "start>lead",
        { from: "lead", to: "check", when: { "nodes.lead.output.decidedBy": ["lee"] } },
        "check>end",
      ],
    );

    // Act
    const run = await simulateBoth(template, {}, [
      { node: "lead", act: "approve", by: "lee", output: { decidedBy: ["ceo"], level: 2 } },
      { node: "check", act: "approve", by: "qa", output: { level: 2 } },
    ]);

    // Assess
    expect(run.state.context.nodes.lead?.output).toEqual({ decidedBy: ["lee"], level: 2 });
    expect(run.report.nodes).toEqual({ lead: "approved", check: "active" });
  });
});

describe("a timed-out approval's output (docs/semantics.md §5) on every engine", () => {
  const modes = [
    { mode: "all" as const },
    { mode: "sequence" as const },
    { mode: "vote" as const, threshold: 1 },
  ];
  const cases = modes.flatMap((mode) => [
    { ...mode, onTimeout: "approve" as const, on: undefined },
    { ...mode, onTimeout: "reject" as const, on: "rejected" as const },
    { ...mode, onTimeout: undefined, on: "timedOut" as const },
  ]);

  it.each(cases)(
    "keeps the decisions taken before the timeout and routes on them: mode $mode, onTimeout $onTimeout",
    async ({ mode, threshold, onTimeout, on }) => {
      // Prepare: one of two seats decides with form values, then the timeout passes; an edge
      // reads the output, and the default edge catches an output without the decision.
      const limits = { timeout: "PT1H", ...(onTimeout ? { onTimeout } : {}) };
      const lead = approval("lead", ["al", "bo"], {
        mode,
        ...(threshold ? { threshold } : {}),
        ...limits,
        form: { type: "object", properties: { risk: { type: "string" } } },
      });
      const template = flow(
        [
          lead,
          approval("kept", ["kim"]),
          approval("lost", ["lou"]),
          { id: "end", type: "end", join: "any" },
        ],
        [
          "start>lead",
          {
            from: "lead",
            to: "kept",
            ...(on ? { on } : {}),
            when: {
              "nodes.lead.output.decidedBy": ["al"],
              "nodes.lead.output.risk": "low",
              "nodes.lead.output.timedOut": true,
            },
          },
          { from: "lead", to: "lost", ...(on ? { on } : {}), default: true },
          "kept>end",
          "lost>end",
        ],
      );

      // Act
      const run = await simulateBoth(template, {}, [
        { node: "lead", act: "approve", by: "al", output: { risk: "low" } },
        { node: "lead", act: "timeout" },
      ]);

      // Assess
      expect(run.state.context.nodes.lead?.output).toEqual({
        decidedBy: ["al"],
        risk: "low",
        timedOut: true,
      });
      expect(run.report.nodes).toMatchObject({ kept: "active", lost: "idle" });
    },
  );
});
