import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FlowAction } from "../../lambdas/core/engine/flow-action.ts";
import type { OutsideCompletion } from "../../lambdas/core/engine/outside-completion.ts";
import { ReferenceEngine } from "../../lambdas/core/engine/reference-engine.ts";
import { indexTemplate } from "../../lambdas/core/engine/template-index.ts";
import type { Outcome } from "../../lambdas/core/model/template.ts";
import { scenarioArbitrary } from "../support/arbitraries.ts";

const OUTCOMES: Record<FlowAction["act"], Outcome> = {
  approve: "approved",
  reject: "rejected",
  succeed: "succeeded",
  fail: "failed",
  timeout: "timedOut",
  transfer: "approved",
  addSign: "rejected",
};

/** A script's steps as completions decided elsewhere: aimed at pending nodes, and blind ones. */
function completionsOf(script: readonly FlowAction[]): OutsideCompletion[] {
  return script.map((step, i) => ({
    node: step.node,
    outcome: OUTCOMES[step.act],
    output: "output" in step && step.output ? step.output : { step: i },
  }));
}

describe("ReferenceEngine.replay (the backend's replay of recorded outcomes)", () => {
  it("ends in the state start and successive complete calls end in", () => {
    fc.assert(
      fc.property(scenarioArbitrary(), ({ template, input, script }) => {
        const engine = new ReferenceEngine(template);
        const completions = completionsOf(script);
        const oneByOne = completions.reduce(
          (state, { node, outcome, output }) => engine.complete(state, node, outcome, output).state,
          engine.start(input),
        );
        expect(engine.replay(input, completions)).toEqual(oneByOne);
      }),
      { numRuns: 300 },
    );
  });

  it("runs on one index per template object: a changed copy of a template is indexed anew", () => {
    fc.assert(
      fc.property(scenarioArbitrary(), ({ template }) => {
        expect(indexTemplate(template)).toBe(indexTemplate(template));
        const copy = structuredClone(template);
        expect(indexTemplate(copy)).not.toBe(indexTemplate(template));
        expect(indexTemplate(copy).template).toBe(copy);
      }),
      { numRuns: 20 },
    );
  });
});
