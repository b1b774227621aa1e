import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputRefusedError } from "../../lambdas/core/engine/input-refused-error.ts";
import { ReferenceEngine } from "../../lambdas/core/engine/reference-engine.ts";
import { TrustedInputEngine } from "../../lambdas/core/engine/trusted-input-engine.ts";
import { scenarioArbitrary } from "../support/arbitraries.ts";
import { approval, flow } from "../support/template-builder.ts";

describe("TrustedInputEngine (the reference engine on an input checked when its instance was created)", () => {
  it("runs every fitting input as the reference engine does, step by step and replayed", () => {
    fc.assert(
      fc.property(scenarioArbitrary(), ({ template, input, script }) => {
        const checked = new ReferenceEngine(template);
        const trusted = new TrustedInputEngine(template);
        let checkedState = checked.start(input);
        let trustedState = trusted.start(input);
        expect(trustedState).toEqual(checkedState);
        for (const action of script) {
          const fromChecked = checked.apply(checkedState, action);
          const fromTrusted = trusted.apply(trustedState, action);
          expect(fromTrusted).toEqual(fromChecked);
          checkedState = fromChecked.state;
          trustedState = fromTrusted.state;
        }
        expect(trusted.cancel(trustedState)).toEqual(checked.cancel(checkedState));
      }),
      { numRuns: 200 },
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
