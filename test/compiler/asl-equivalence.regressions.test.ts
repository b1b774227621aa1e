import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { FlowAction } from "../../lambdas/core/engine/flow-action.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { validateTemplate } from "../../lambdas/core/validation/validate-template.ts";
import { simulateBoth } from "../support/simulate-both.ts";

interface RegressionCase {
  note: string;
  template: Template;
  input: unknown;
  script: FlowAction[];
}

/**
 * Counterexamples the equivalence property test found, kept so that they run on every CI run.
 * When the property test fails, add its printed counterexample here with a note.
 */
const CASES: RegressionCase[] = JSON.parse(
  readFileSync(new URL("./regressions/asl-equivalence.json", import.meta.url), "utf8"),
);

describe("kept counterexamples of the compiled-vs-reference equivalence", () => {
  it.each(CASES.map((c) => [c.note, c] as const))(
    "%s",
    async (_note, { template, input, script }) => {
      expect(validateTemplate(structuredClone(template)).ok).toBe(true);
      await simulateBoth(template, input, script);
    },
  );
});
