import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decompose } from "../../lambdas/core/compiler/series-parallel.ts";
import { validateTemplate } from "../../lambdas/core/validation/validate-template.ts";
import { fanOutTemplateArbitrary, templateArbitrary } from "./arbitraries.ts";

describe("random template generators", () => {
  it("only generates templates the validator accepts", () => {
    fc.assert(
      fc.property(templateArbitrary(), (template) => {
        const result = validateTemplate(structuredClone(template));
        expect(result.ok ? [] : result.problems).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("generates conditional fan-outs that are valid and series-parallel", () => {
    fc.assert(
      fc.property(fanOutTemplateArbitrary(), (template) => {
        const result = validateTemplate(structuredClone(template));
        expect(result.ok ? [] : result.problems).toEqual([]);
        expect(decompose(template)).toBeDefined();
      }),
      { numRuns: 200 },
    );
  });
});
