import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StateMachine } from "../../lambdas/core/compiler/asl.ts";
import { compileTemplate } from "../../lambdas/core/compiler/compile-template.ts";
import {
  assertIntrinsicLimit,
  intrinsicCalls,
  MAX_INTRINSIC_CALLS,
  mostIntrinsicCalls,
} from "../../lambdas/core/compiler/intrinsic-limit.ts";
import { IntrinsicLimitError } from "../../lambdas/core/compiler/intrinsic-limit-error.ts";
import type { JoinMode } from "../../lambdas/core/model/template.ts";
import { fanOutTemplateArbitrary, templateArbitrary } from "../support/arbitraries.ts";
import { simulateBoth } from "../support/simulate-both.ts";
import { approval, flow, gateway, task } from "../support/template-builder.ts";

/** An intrinsic expression and how many calls it makes. */
interface Expression {
  text: string;
  calls: number;
}

/** Random nested intrinsic calls, with string literals that look like calls (not counted). */
const expressionArbitrary: fc.Arbitrary<Expression> = fc.letrec<{ expression: Expression }>(
  (tie) => ({
    expression: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom(
        { text: "$.input.tags", calls: 0 },
        { text: "'States.Format(\\'{}\\')'", calls: 0 },
        { text: "'it''s'", calls: 0 },
        { text: "true", calls: 0 },
      ),
      fc
        .record({
          name: fc.constantFrom("Format", "JsonMerge", "ArrayContains", "Array", "MathAdd"),
          args: fc.array(tie("expression"), { minLength: 1, maxLength: 3 }),
        })
        .map(({ name, args }) => ({
          text: `States.${name}(${args.map((arg) => arg.text).join(", ")})`,
          calls: 1 + args.reduce((sum, arg) => sum + arg.calls, 0),
        })),
    ),
  }),
).expression;

/** A fan-out of `width` branches (approvals and tasks) joined by one gateway. */
function fanOut(width: number, join: JoinMode, tasks: boolean[]) {
  const ids = Array.from({ length: width }, (_, index) => `b${index + 1}`);
  return flow(
    [
      ...ids.map((id, index) => (tasks[index] ? task(id) : approval(id, ["u1"]))),
      gateway("joined", join),
    ],
    [...ids.flatMap((id) => [`start>${id}`, `${id}>joined`]), "joined>end"],
  );
}

const wideFanOutArbitrary = fc
  .record({
    width: fc.integer({ min: 2, max: 130 }),
    join: fc.constantFrom<JoinMode>("all", "any"),
    tasks: fc.array(fc.boolean(), { maxLength: 130 }),
  })
  .map(({ width, join, tasks }) => fanOut(width, join, tasks));

describe("at most 10 intrinsic function calls in a field (a Step Functions limit)", () => {
  it("counts every nested call and none inside string literals (fast-check)", () => {
    fc.assert(
      fc.property(expressionArbitrary, ({ text, calls }) => {
        expect(intrinsicCalls(text)).toBe(calls);
      }),
    );
  });

  it("refuses a definition with a field of 11 calls, naming the state and the field", () => {
    // Prepare
    const calls = (count: number): string =>
      count === 0 ? "$.a" : `States.Array(${calls(count - 1)})`;
    const definition = (count: number): StateMachine => ({
      StartAt: "Measure",
      States: { Measure: { Type: "Pass", Parameters: { "m.$": calls(count) }, End: true } },
    });

    // Act and assess
    expect(() => assertIntrinsicLimit(definition(MAX_INTRINSIC_CALLS))).not.toThrow();
    expect(() => assertIntrinsicLimit(definition(MAX_INTRINSIC_CALLS + 1))).toThrow(
      IntrinsicLimitError,
    );
    expect(() => assertIntrinsicLimit(definition(MAX_INTRINSIC_CALLS + 1))).toThrow(
      "Measure › Parameters › m.$ calls 11 intrinsic functions",
    );
  });

  it("holds for every field of compiled random templates and wide fan-outs (fast-check)", () => {
    // Act and assess: compileTemplate refuses a definition over the limit, and none is.
    fc.assert(
      fc.property(
        fc.oneof(templateArbitrary(), fanOutTemplateArbitrary(), wideFanOutArbitrary),
        (template) => {
          const definition = compileTemplate(template);
          expect(mostIntrinsicCalls(definition)).toBeLessThanOrEqual(MAX_INTRINSIC_CALLS);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("merges the nodes of more than 11 branches in a Pass after the Parallel", () => {
    // Act
    const definition = compileTemplate(fanOut(50, "all", []));

    // Assess
    expect(mostIntrinsicCalls(definition)).toBe(MAX_INTRINSIC_CALLS - 1);
    expect(definition.States["Merge after start to joined"]).toMatchObject({
      Type: "Pass",
      Parameters: {
        "nodes.$": expect.stringContaining("$.nodes.p4"),
      },
    });
  });

  it("runs a fan-out of 12 to the end it reaches on the reference engine", async () => {
    // Prepare
    const template = fanOut(12, "all", [true]);
    const script = [
      { node: "b1", act: "succeed" as const },
      ...Array.from({ length: 11 }, (_, index) => ({
        node: `b${index + 2}`,
        act: "approve" as const,
        by: "u1",
      })),
    ];

    // Act
    const run = await simulateBoth(template, {}, script);

    // Assess
    expect(run.report.status).toBe("completed");
  });
});
