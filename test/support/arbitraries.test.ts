import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateTemplate } from "../../lambdas/core/validation/validate-template.ts";
import { templateArbitrary } from "./arbitraries.ts";

describe("random template generator", () => {
  it("only generates templates the validator accepts", () => {
    fc.assert(
      fc.property(templateArbitrary(), (template) => {
        const result = validateTemplate(structuredClone(template));
        expect(result.ok ? [] : result.problems).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
