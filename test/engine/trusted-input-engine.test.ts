import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputRefusedError } from "../../lambdas/core/engine/input-refused-error.ts";
import type { OutsideCompletion } from "../../lambdas/core/engine/outside-completion.ts";
import { ReferenceEngine } from "../../lambdas/core/engine/reference-engine.ts";
import { TrustedInputEngine } from "../../lambdas/core/engine/trusted-input-engine.ts";
import { scenarioArbitrary } from "../support/arbitraries.ts";
import { approval, flow } from "../support/template-builder.ts";

describe("TrustedInputEngine (the reference engine on an input checked when its instance was created)", () => {
  it("starts, replays and cancels every fitting input as the reference engine does, and completing outcomes ends where acting did", () => {
    fc.assert(
      fc.property(scenarioArbitrary(), ({ template, input, script }) => {
        const checked = new ReferenceEngine(template);
        const trusted = new TrustedInputEngine(template);
        let checkedState = checked.start(input);
        let trustedState = trusted.start(input);
        expect(trustedState).toEqual(checkedState);
        // The outcomes the script's actions decide, handed to both as decided elsewhere
        let acted = checkedState;
        const completions: OutsideCompletion[] = [];
        for (const action of script) {
          const before = acted.events.length;
          acted = checked.apply(acted, action).state;
          for (const event of acted.events.slice(before)) {
            if (event.type !== "node.completed" || event.nodeId === undefined) continue;
            const { outcome, output } = acted.context.nodes[event.nodeId] ?? {};
            if (outcome === undefined) continue;
            completions.push({ node: event.nodeId, outcome, output: output ?? {} });
            const fromChecked = checked.complete(checkedState, event.nodeId, outcome, output ?? {});
            const fromTrusted = trusted.complete(trustedState, event.nodeId, outcome, output ?? {});
            expect(fromTrusted).toEqual(fromChecked);
            checkedState = fromChecked.state;
            trustedState = fromTrusted.state;
          }
        }
        // What completing from outside ends with is what acting ended with; the events and the
        // approvals' seats and logs differ (decisions are recorded where they were taken)
        const { status, nodes, edges, context } = acted;
        expect({
          status: trustedState.status,
          nodes: trustedState.nodes,
          edges: trustedState.edges,
          context: trustedState.context,
        }).toEqual({ status, nodes, edges, context });
        expect(trusted.replay(input, completions)).toEqual(checked.replay(input, completions));
        expect(trusted.cancel(trustedState)).toEqual(checked.cancel(checkedState));
      }),
      { numRuns: 300 },
    );
  });

  it("does not check the input again, where the reference engine refuses one that does not fit", () => {
    const template = flow([approval("lead", ["al"])], ["start>lead", "lead>end"], {
      input: { type: "object", required: ["amount"] },
    });

    expect(() => new ReferenceEngine(template).start({})).toThrow(InputRefusedError);
    expect(() => new ReferenceEngine(template).replay({}, [])).toThrow(InputRefusedError);
    expect(new TrustedInputEngine(template).start({}).nodes.lead?.status).toBe("active");
    expect(new TrustedInputEngine(template).replay({}, []).nodes.lead?.status).toBe("active");
  });
});
